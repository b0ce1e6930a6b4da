import type { Tx } from "../../../db/database.js";
import { ok, type Result, refuse } from "../../../kernel/result.js";
import { authorize } from "../../domain/authorization.js";
import type { StaffFacts, TicketFacts } from "../../domain/ticket.js";
import { authorizationContext } from "../acting.js";
import type { TicketContext } from "../context.js";
import { loadStaff, queueScopeOf } from "../ticket-reads.js";

/** What a staff member's reads cover, worked out once per read from R4.1 and today's calendar (R2.6). */
export interface StaffScope {
  staff: StaffFacts;
  customerCare: boolean;
  /** The departments whose lines they draw from: theirs, or every one for general duty on a holiday. */
  queues: string[];
  /** May they read this ticket (their department's, Customer care, or the one they hold)? */
  mayView(ticket: Pick<TicketFacts, "departmentId" | "claimedById">): boolean;
}

export type ScopeRefusal = "unknown_staff" | "staff_inactive";

export async function staffScope(ctx: TicketContext, tx: Tx, staffId: string): Promise<Result<StaffScope, ScopeRefusal>> {
  const staff = await loadStaff(tx, staffId);
  if (!staff) return refuse("unknown_staff");
  if (!staff.active) return refuse("staff_inactive");
  const context = authorizationContext(ctx);
  return ok({
    staff,
    customerCare: staff.departments.includes(context.customerCareDepartment),
    queues: queueScopeOf(staff, context.holiday) ?? ctx.policy.departments.map((d) => d.id),
    mayView: (ticket) => authorize("view", staff, ticket, context).ok,
  });
}
