import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { WebContext } from "../context.js";
import { languageOf, sendRefusal } from "../http.js";
import { addStaffAccount, changeStaffAccount } from "../staff-accounts.js";
import { sessionOf } from "./guard.js";

const departments = z.array(z.string().min(1).max(100)).max(50);
const newPerson = z.object({
  login: z.string().max(100),
  name: z.string().max(200),
  password: z.string().max(1000),
  departments,
  generalDuty: z.boolean().default(false),
  admin: z.boolean().default(false),
});
const personChange = z
  .object({
    name: z.string().max(200),
    departments,
    generalDuty: z.boolean(),
    active: z.boolean(),
    admin: z.boolean(),
  })
  .partial()
  .strict();
const passwordReset = z.object({ password: z.string().max(1000) }).strict();

/**
 * Staff management, for administrators only (403 otherwise): the staff list, adding a person,
 * memberships and general duty, the admin role, deactivation and password resets (which end the
 * person's sessions, see changeStaffAccount).
 */
export function staffRoutes(scope: FastifyInstance, ctx: WebContext): void {
  const lang = (request: FastifyRequest) => languageOf(request, ctx.defaultLanguage);
  const refuse = (request: FastifyRequest, reply: FastifyReply, code: string, details?: Record<string, unknown>) =>
    sendRefusal(reply, ctx.t, lang(request), details ? { code, details } : { code });

  scope.register(async (admins) => {
    admins.addHook("preHandler", async (request, reply) => {
      const staff = await ctx.tickets.staffMember(sessionOf(request).staffId);
      if (!staff?.admin) return refuse(request, reply, "not_admin");
      return undefined;
    });
    /** A body that does not parse: 422 with the fields at fault, and a log line. */
    const parse = <T>(schema: z.ZodType<T>, request: FastifyRequest, reply: FastifyReply): T | undefined => {
      const parsed = schema.safeParse(request.body);
      if (parsed.success) return parsed.data;
      const fields = parsed.error.issues.map((issue) => issue.path.join("."));
      request.log.warn({ fields }, "staff management request refused: invalid body");
      void refuse(request, reply, "bad_request", { fields });
      return undefined;
    };
    const idParam = (request: FastifyRequest) => (request.params as { id: string }).id;

    admins.get("/console/api/people", async () => ({ ok: true, people: await ctx.tickets.listStaff() }));

    admins.post("/console/api/people", async (request, reply) => {
      const input = parse(newPerson, request, reply);
      if (!input) return reply;
      const login = input.login.trim().toLowerCase();
      // Adding never takes over someone's account: a login that can already sign in is refused.
      const existing = await ctx.tickets.staffCredentials(login);
      if (existing?.passwordHash) return refuse(request, reply, "login_taken");
      const created = await addStaffAccount(ctx.tickets, ctx.policy, { ...input, login });
      if (!created.ok) return refuse(request, reply, created.code, created.details);
      request.log.info({ staffId: created.value.id, by: sessionOf(request).staffId }, "staff account added");
      return { ok: true, id: created.value.id };
    });

    admins.post("/console/api/people/:id", async (request, reply) => {
      const change = parse(personChange, request, reply);
      if (!change) return reply;
      const changed = await changeStaffAccount(ctx, idParam(request), change);
      if (!changed.ok) return refuse(request, reply, changed.code, changed.details);
      request.log.info({ staffId: changed.value.id, by: sessionOf(request).staffId, fields: Object.keys(change) }, "staff account changed");
      return { ok: true, person: changed.value };
    });

    admins.post("/console/api/people/:id/password", async (request, reply) => {
      const body = parse(passwordReset, request, reply);
      if (!body) return reply;
      const changed = await changeStaffAccount(ctx, idParam(request), { password: body.password });
      if (!changed.ok) return refuse(request, reply, changed.code, changed.details);
      request.log.info({ staffId: changed.value.id, by: sessionOf(request).staffId }, "staff password reset");
      return { ok: true };
    });
  });
}
