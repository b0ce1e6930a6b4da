import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Language } from "../../kernel/language.js";
import type { Result } from "../../kernel/result.js";
import { departmentName } from "../../policy/names.js";
import { authorize } from "../../tickets/index.js";
import type { WebContext } from "../context.js";
import { languageOf, sendRefusal, textField } from "../http.js";
import { revokeTicketLinks } from "../ticket-links.js";
import { sessionOf } from "./guard.js";
import { isCustomerCare, loadStaffMember, type StaffMember, summarize, ticketDetail } from "./reads.js";

/**
 * A staff member's daily work, through the same use cases as Slack: the rules (R3.1 queue order,
 * R3.3–R3.5 written replies, R4.1 departments) are the ticket service's, never re-decided here.
 */
export function workRoutes(scope: FastifyInstance, ctx: WebContext): void {
  const staffOf = async (request: FastifyRequest) => {
    const staff = await loadStaffMember(ctx, sessionOf(request).staffId);
    if (!staff) throw new Error("session for a missing staff member");
    return staff;
  };
  const lang = (request: FastifyRequest) => languageOf(request, ctx.defaultLanguage);
  const answer = async <T>(request: FastifyRequest, reply: FastifyReply, result: Result<T>, body: (value: T) => unknown) =>
    result.ok ? { ok: true, ...(body(result.value) as object) } : sendRefusal(reply, ctx.t, lang(request), result);
  const idParam = (request: FastifyRequest) => (request.params as { id: string }).id;
  const holiday = () => ctx.tickets.context.schedule.isHoliday(ctx.clock.now());

  scope.get("/console/api/me", async (request) => {
    const staff = await staffOf(request);
    const language = lang(request);
    return {
      ok: true,
      csrf: sessionOf(request).csrf,
      staff: { ...staff, customerCare: isCustomerCare(ctx, staff) },
      holiday: holiday(),
      timeZone: ctx.policy.company.timeZone,
      departments: ctx.policy.departments.map((d) => ({ id: d.id, name: d.name[language] })),
      canned: ctx.policy.replies.canned.map((c) => ({ id: c.id, title: c.title[language], text: c.text[language] })),
    };
  });

  scope.post("/console/api/sign-out", async (request, reply) => {
    await ctx.sessions.destroy(sessionOf(request).id);
    reply.header("set-cookie", "hotro_console=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0");
    return { ok: true };
  });

  /** My departments' lines in order (R3.1) with positions and SLA state; on a holiday, general duty sees every line (R2.6). */
  scope.get("/console/api/queue", async (request) => {
    const staff = await staffOf(request);
    const language = lang(request);
    const ids = holiday() && staff.generalDuty ? ctx.policy.departments.map((d) => d.id) : staff.departments;
    const departments = await Promise.all(
      ids.map(async (id) => {
        const view = await ctx.tickets.queueView(id);
        const positions = new Map(view.waiting.map((e) => [e.ticket.id, e.position]));
        return {
          id,
          name: departmentName(ctx.policy, id, language),
          waiting: await summarize(
            ctx,
            view.waiting.map((e) => e.ticket),
            language,
            positions,
          ),
          claimed: await summarize(
            ctx,
            view.claimed.map((e) => e.ticket),
            language,
          ),
        };
      }),
    );
    return { ok: true, departments };
  });

  scope.post("/console/api/claim-next", async (request, reply) => {
    const staff = await staffOf(request);
    return answer(request, reply, await ctx.tickets.claimNext(staff.id), (t) => ({ ticket: { id: t.id, number: t.number } }));
  });

  scope.get("/console/api/tickets/:id", async (request, reply) => {
    const staff = await staffOf(request);
    const ticket = await ctx.db.prisma.ticket.findUnique({ where: { id: idParam(request) } });
    if (!ticket) return sendRefusal(reply, ctx.t, lang(request), { code: "unknown_ticket" });
    const allowed = canView(ctx, staff, ticket);
    if (!allowed.ok) return sendRefusal(reply, ctx.t, lang(request), allowed);
    return { ok: true, ...(await ticketDetail(ctx, ticket, lang(request))) };
  });

  const act = (path: string, run: (staff: StaffMember, id: string, body: unknown, language: Language) => Promise<Result<unknown>>) =>
    scope.post(`/console/api/tickets/:id/${path}`, async (request, reply) => {
      const staff = await staffOf(request);
      const result = await run(staff, idParam(request), request.body, lang(request));
      return answer(request, reply, result, () => ({}));
    });
  const text = (body: unknown, name = "text") => textField(body, name) ?? "";

  act("claim", (s, id) => ctx.tickets.claim(s.id, id));
  act("unclaim", (s, id) => ctx.tickets.unclaim(s.id, id));
  act("reply", (s, id, body) => ctx.tickets.reply(s.id, id, text(body)));
  act("resolve", (s, id, body) => ctx.tickets.resolve(s.id, id, text(body)));
  act("hand-back", (s, id, body) => ctx.tickets.handBack(s.id, id, text(body, "reason")));
  act("note", (s, id, body) => ctx.tickets.addNote(s.id, id, text(body), { echoToStaffChannels: true }));
  act("approve", (s, id) => ctx.tickets.approve(s.id, id));
  act("reject", (s, id, body) => ctx.tickets.reject(s.id, id, text(body, "reason")));
  act("reroute", (s, id, body) => ctx.tickets.reroute(s.id, id, text(body, "department"), text(body, "reason")));
  act("reassign", (s, id, body) => ctx.tickets.reassign(s.id, id, text(body, "staffId"), text(body, "reason")));
  /** Revokes the customer's ticket page link (e.g. forwarded to the wrong person); Customer care only. */
  act("revoke-link", async (s, id) => {
    if (!isCustomerCare(ctx, s)) return { ok: false, code: "not_customer_care" };
    const exists = await ctx.db.prisma.ticket.count({ where: { id } });
    if (exists === 0) return { ok: false, code: "unknown_ticket" };
    await revokeTicketLinks(ctx.db, id);
    return { ok: true, value: undefined };
  });

  /** Members of a department, for Customer care's reassign picker. */
  scope.get("/console/api/staff", async (request) => {
    const department = (request.query as { department?: string }).department ?? "";
    const members = await ctx.db.prisma.staff.findMany({
      where: { active: true, departments: { has: department } },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    });
    return { ok: true, staff: members };
  });
}

export function canView(ctx: WebContext, staff: StaffMember, ticket: { departmentId: string; claimedById: string | null }) {
  if (ticket.claimedById === staff.id) return { ok: true as const, value: undefined };
  return authorize("view", staff, ticket, {
    customerCareDepartment: ctx.policy.customerCare.department,
    holiday: ctx.tickets.context.schedule.isHoliday(ctx.clock.now()),
  });
}
