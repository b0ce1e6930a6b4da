import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { helpKeys, type NoticeItem } from "../../content/index.js";
import type { Language } from "../../kernel/language.js";
import type { WebContext } from "../context.js";
import { languageOf, sendRefusal } from "../http.js";
import { sessionOf } from "./guard.js";

/**
 * Content Customer care edits live (FAQ, canned replies, help texts, notices) and the policy reload
 * button. Every change takes effect at once on every instance and is recorded with who and when.
 */

const text = z.object({ vi: z.string().trim().min(1).max(4000), en: z.string().trim().min(1).max(4000) });
const id = z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, "must be a lower-case id (a–z, 0–9, _)");
const words = z.array(z.string().trim().min(1).max(200)).max(50).default([]);

const faqBody = z.object({
  id,
  question: text,
  variants: words,
  answer: text,
  keywords: words,
  link: z.url().max(500).optional(),
  enabled: z.boolean().default(true),
});
const cannedBody = z.object({ id, department: z.string().nullable().default(null), title: text, text, enabled: z.boolean().default(true) });
const helpBody = z.object({ key: z.enum(helpKeys), text });
const noticeBody = z
  .object({
    text,
    categories: z.array(z.string()).max(100).default([]),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }),
  })
  .refine((n) => n.startsAt === undefined || new Date(n.endsAt) > new Date(n.startsAt), {
    message: "must be after startsAt",
    path: ["endsAt"],
  });

export function contentRoutes(scope: FastifyInstance, ctx: WebContext): void {
  const logger = ctx.logger.child({ module: "content" });
  const lang = (request: FastifyRequest) => languageOf(request, ctx.defaultLanguage);

  /** Customer care admins only (R1.5: the department that runs the service for customers). */
  const careStaff = async (request: FastifyRequest, reply: FastifyReply): Promise<string | null> => {
    const staffId = sessionOf(request).staffId;
    const staff = await ctx.tickets.staffMember(staffId);
    if (staff?.departments.includes(ctx.policy.customerCare.department)) return staffId;
    await sendRefusal(reply, ctx.t, lang(request), { code: "not_customer_care" });
    return null;
  };

  /** Parses a body with its schema; a bad one is answered 422 with each field's path, and logged. */
  const parse = async <T>(schema: z.ZodType<T>, request: FastifyRequest, reply: FastifyReply): Promise<T | null> => {
    const parsed = schema.safeParse(request.body);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`);
    logger.info({ url: request.url, problems }, "content change refused: invalid input");
    await sendRefusal(reply, ctx.t, lang(request), { code: "bad_request", details: { problems } });
    return null;
  };
  const refuse = (request: FastifyRequest, reply: FastifyReply, code: string, details?: Record<string, unknown>) =>
    sendRefusal(reply, ctx.t, lang(request), details ? { code, details } : { code });

  /** Notices running or to come, for every signed-in staff member (the console shows them at the top). */
  scope.get("/console/api/notices", async (request) => ({ ok: true, notices: ctx.content.liveNotices().map(noticeView(lang(request))) }));

  scope.get("/console/api/content", async (request, reply) => {
    if (!(await careStaff(request, reply))) return reply;
    const language = lang(request);
    const content = ctx.content.current();
    const policy = ctx.policy;
    return {
      ok: true,
      faq: content.faq,
      canned: content.canned,
      help: content.help,
      notices: ctx.content.liveNotices().map(noticeView(language)),
      departments: policy.departments.map((d) => ({ id: d.id, name: d.name[language] })),
      categories: policy.categories.map((c) => ({ id: c.id, name: c.name[language] })),
      changes: await ctx.content.recentChanges(30),
    };
  });

  scope.post("/console/api/content/faq", async (request, reply) => {
    const by = await careStaff(request, reply);
    if (!by) return reply;
    const body = await parse(faqBody, request, reply);
    if (!body) return reply;
    const { link, ...rest } = body;
    const action = await ctx.content.saveFaq(by, { ...rest, ...(link ? { link } : {}) });
    return { ok: true, action };
  });

  scope.post("/console/api/content/canned", async (request, reply) => {
    const by = await careStaff(request, reply);
    if (!by) return reply;
    const body = await parse(cannedBody, request, reply);
    if (!body) return reply;
    if (body.department !== null && !ctx.policy.departments.some((d) => d.id === body.department)) {
      return refuse(request, reply, "unknown_department");
    }
    return { ok: true, action: await ctx.content.saveCanned(by, body) };
  });

  scope.post("/console/api/content/help", async (request, reply) => {
    const by = await careStaff(request, reply);
    if (!by) return reply;
    const body = await parse(helpBody, request, reply);
    if (!body) return reply;
    await ctx.content.saveHelp(by, body.key, body.text);
    return { ok: true };
  });

  scope.post("/console/api/content/notices", async (request, reply) => {
    const by = await careStaff(request, reply);
    if (!by) return reply;
    const body = await parse(noticeBody, request, reply);
    if (!body) return reply;
    const known = new Set(ctx.policy.categories.map((c) => c.id));
    const unknown = body.categories.filter((c) => !known.has(c));
    if (unknown.length > 0) return refuse(request, reply, "unknown_category", { categories: unknown.join(", ") });
    const now = ctx.clock.now();
    const endsAt = new Date(body.endsAt);
    if (endsAt <= now) return refuse(request, reply, "bad_request", { problems: ["endsAt: must be in the future"] });
    const notice = await ctx.content.postNotice(by, {
      text: body.text,
      categories: body.categories,
      startsAt: body.startsAt ? new Date(body.startsAt) : now,
      endsAt,
    });
    return { ok: true, notice: noticeView(lang(request))(notice) };
  });

  scope.post("/console/api/content/notices/:id/withdraw", async (request, reply) => {
    const by = await careStaff(request, reply);
    if (!by) return reply;
    const noticeId = (request.params as { id: string }).id;
    if (!(await ctx.content.withdrawNotice(by, noticeId))) return refuse(request, reply, "not_found");
    return { ok: true };
  });

  /** Reads POLICY_FILE again on every instance; a bad file is refused with each bad field's path. */
  scope.post("/console/api/policy/reload", async (request, reply) => {
    const by = await careStaff(request, reply);
    if (!by) return reply;
    const result = await ctx.reloadPolicy(by);
    if (!result.ok) return refuse(request, reply, "policy_invalid", { problems: result.problems });
    return { ok: true };
  });
}

const noticeView = (language: Language) => (n: NoticeItem) => ({
  id: n.id,
  text: n.text[language],
  texts: n.text,
  categories: n.categories,
  startsAt: n.startsAt.toISOString(),
  endsAt: n.endsAt.toISOString(),
  createdBy: n.createdBy,
});
