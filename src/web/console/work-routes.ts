import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Result } from "../../kernel/result.js";
import { categoryName, departmentName } from "../../policy/names.js";
import { id, lang as langField, text } from "../../server/input.js";
import type { StaffProfile } from "../../tickets/index.js";
import type { WebContext } from "../context.js";
import { languageOf, sendRefusal } from "../http.js";
import { setSessionCookie } from "../session-cookie.js";
import { sessionOf } from "./guard.js";
import { ticketDetail, withDepartment } from "./present.js";

/**
 * A staff member's daily work, through the same use cases as Slack: the rules (R3.1 queue order,
 * R3.3–R3.5 written replies, R4.1 departments) are the ticket service's, never re-decided here.
 */
export function workRoutes(untyped: FastifyInstance, ctx: WebContext): void {
  const scope = untyped.withTypeProvider<ZodTypeProvider>();
  const staffOf = async (request: FastifyRequest): Promise<StaffProfile> => {
    const staff = await ctx.tickets.staffMember(sessionOf(request).staffId);
    if (!staff) throw new Error("session for a missing staff member");
    return staff;
  };
  const lang = (request: FastifyRequest) => languageOf(request, ctx.defaultLanguage);
  const answer = async <T>(request: FastifyRequest, reply: FastifyReply, result: Result<T>, body: (value: T) => unknown) =>
    result.ok ? { ok: true, ...(body(result.value) as object) } : sendRefusal(reply, ctx.t, lang(request), result);

  scope.get("/console/api/me", async (request) => {
    const { id, name, departments, generalDuty, active, admin } = await staffOf(request);
    const language = lang(request);
    return {
      ok: true,
      csrf: sessionOf(request).csrf,
      staff: { id, name, departments, generalDuty, active, admin, customerCare: departments.includes(ctx.policy.customerCare.department) },
      holiday: ctx.tickets.isHolidayNow(),
      timeZone: ctx.policy.company.timeZone,
      departments: ctx.policy.departments.map((d) => ({ id: d.id, name: d.name[language] })),
      // As edited in the console; the ticket page offers a ticket's department's and the shared ones.
      canned: ctx.content
        .current()
        .canned.filter((c) => c.enabled)
        .map((c) => ({ id: c.id, department: c.department, title: c.title[language], text: c.text[language] })),
    };
  });

  scope.post("/console/api/sign-out", async (request, reply) => {
    await ctx.sessions.destroy(sessionOf(request).id);
    setSessionCookie(reply, "", { secure: ctx.secureCookies, end: true });
    return { ok: true };
  });

  /** My departments' lines in order (R3.1) with positions and SLA state; on a holiday, general duty sees every line (R2.6). */
  scope.get("/console/api/queue", async (request, reply) => {
    const language = lang(request);
    const lines = await ctx.tickets.staffQueues(sessionOf(request).staffId);
    if (!lines.ok) return sendRefusal(reply, ctx.t, language, lines);
    const named = withDepartment(ctx, language);
    const row = <T extends { departmentId: string; categoryId: string }>(t: T) => ({
      ...named(t),
      category: categoryName(ctx.policy, t.categoryId, language),
    });
    return {
      ok: true,
      // The server's clock: waiting times and time left are counted from it, not from the browser's.
      now: ctx.clock.now().toISOString(),
      departments: lines.value.map((line) => ({
        id: line.departmentId,
        name: departmentName(ctx.policy, line.departmentId, language),
        waiting: line.waiting.map(row),
        claimed: line.claimed.map(row),
      })),
    };
  });

  scope.post("/console/api/claim-next", async (request, reply) => {
    const staff = await staffOf(request);
    return answer(request, reply, await ctx.tickets.claimNext(staff.id), (t) => ({ ticket: { id: t.id, number: t.number } }));
  });

  scope.get("/console/api/tickets/:id", { schema: { params: ticketParams } }, async (request, reply) => {
    const view = await ctx.tickets.ticketView(sessionOf(request).staffId, request.params.id);
    if (!view.ok) return sendRefusal(reply, ctx.t, lang(request), view);
    return { ok: true, ...ticketDetail(ctx, view.value, lang(request)) };
  });

  const act = (path: string, run: (staffId: string, id: string, body: ActionBody) => Promise<Result<unknown>>) =>
    scope.post(`/console/api/tickets/:id/${path}`, { schema: { params: ticketParams, body: actionBody } }, async (request, reply) => {
      const result = await run(sessionOf(request).staffId, request.params.id, request.body);
      // A written answer says how it reached the customer: past the channel's window, by email or not at all.
      return answer(request, reply, result, (value) => {
        const reach = (value as { reach?: unknown } | undefined)?.reach;
        return typeof reach === "string" ? { reach } : {};
      });
    });

  act("claim", (s, id) => ctx.tickets.claim(s, id));
  act("unclaim", (s, id) => ctx.tickets.unclaim(s, id));
  act("reply", (s, id, body) => ctx.tickets.reply(s, id, body.text, [], { confirmPaid: body.confirmPaid }));
  act("resolve", (s, id, body) => ctx.tickets.resolve(s, id, body.text, { confirmPaid: body.confirmPaid }));
  act("hand-back", (s, id, body) => ctx.tickets.handBack(s, id, body.reason));
  act("note", (s, id, body) => ctx.tickets.addNote(s, id, body.text, { echoToStaffChannels: true }));
  act("approve", (s, id) => ctx.tickets.approve(s, id));
  act("reject", (s, id, body) => ctx.tickets.reject(s, id, body.reason));
  act("reroute", (s, id, body) => ctx.tickets.reroute(s, id, body.department, body.reason));
  act("reassign", (s, id, body) => ctx.tickets.reassign(s, id, body.staffId, body.reason));
  /** Decree 13/2023 and account work: a one-time code to the customer's chat or email on file, to verify their contact. */
  act("verify", (s, id, body) => ctx.tickets.sendVerificationCode(s, id, body.via === "email" ? "email" : "channel"));
  /** Revokes the customer's ticket page link (e.g. forwarded to the wrong person); Customer care only. */
  act("revoke-link", (s, id) => ctx.tickets.revokeTicketLink(s, id));

  /** Members of a department, for the reassign picker (Customer care, or the department's own members). */
  scope.get("/console/api/staff", { schema: { querystring: staffQuery } }, async (request, reply) => {
    const members = await ctx.tickets.departmentMembers(sessionOf(request).staffId, request.query.department);
    return answer(request, reply, members, (staff) => ({ staff }));
  });
}

/** Written replies and notes: up to 10,000 characters, answered "too long" above. */
const MAX_REPLY = 10_000;
const ticketParams = z.object({ id: id() });
/**
 * Every action's body: what it does not send is empty, and the use case says what is missing
 * ("empty", "reason_required"); a wrong type, a NUL or a text over its limit is a 400.
 */
const actionBody = z
  .object({
    text: text(MAX_REPLY).default(""),
    reason: text(MAX_REPLY).default(""),
    department: text(100).default(""),
    staffId: text(100).default(""),
    via: text(20).default(""),
    /** A reply or resolution in the paid part of the channel's reply window: the staff member confirmed it. */
    confirmPaid: z.boolean().default(false),
  })
  .prefault({});
type ActionBody = z.output<typeof actionBody>;
const staffQuery = z.object({ department: text(100).default(""), lang: langField });
