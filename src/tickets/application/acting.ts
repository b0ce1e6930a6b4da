import type { Tx } from "../../db/database.js";
import { ok, type Result, refuse } from "../../kernel/result.js";
import { type AuthorizationRefusal, authorize, type StaffAction } from "../domain/authorization.js";
import type { StaffFacts } from "../domain/ticket.js";
import type { TicketContext } from "./context.js";
import { isHolidayNow, loadStaff, loadTicket, type TicketRow } from "./ticket-reads.js";

export type ActingRefusal = AuthorizationRefusal | "unknown_staff" | "unknown_ticket";

/** Today's facts the R4.1 check needs: who Customer care is, and whether general duty works (R2.6). */
export const authorizationContext = (ctx: TicketContext) => ({
  customerCareDepartment: ctx.policy.customerCare.department,
  holiday: isHolidayNow(ctx),
});

/** Loads the acting staff member and the ticket, and checks that they may do this to it (R4.1). */
export async function staffActing(
  ctx: TicketContext,
  tx: Tx,
  action: StaffAction,
  staffId: string,
  ticketId: string,
): Promise<Result<{ staff: StaffFacts; ticket: TicketRow }, ActingRefusal>> {
  const [staff, ticket] = await Promise.all([loadStaff(tx, staffId), loadTicket(tx, ticketId)]);
  if (!staff) return refuse("unknown_staff");
  if (!ticket) return refuse("unknown_ticket");
  const allowed = authorize(action, staff, ticket, authorizationContext(ctx));
  return allowed.ok ? ok({ staff, ticket }) : allowed;
}

/** R4.1 asked before the work starts (a Slack modal opens only for someone who may send it): the same check as the use case's. */
export async function mayAct(
  ctx: TicketContext,
  staffId: string,
  action: StaffAction,
  ticketId: string,
): Promise<Result<{ number: number; departmentId: string }, ActingRefusal>> {
  const acting = await staffActing(ctx, ctx.db.prisma, action, staffId, ticketId);
  return acting.ok ? ok({ number: acting.value.ticket.number, departmentId: acting.value.ticket.departmentId }) : acting;
}
