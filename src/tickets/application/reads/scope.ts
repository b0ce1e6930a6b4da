import type { Tx } from "../../../db/database.js";
import type { Prisma as P } from "../../../db/generated/client.js";
import { ok, type Result, refuse } from "../../../kernel/result.js";
import { mayRead, type ReadReach, readReach } from "../../domain/authorization.js";
import type { StaffFacts, TicketFacts } from "../../domain/ticket.js";
import { authorizationContext } from "../acting.js";
import type { TicketContext } from "../context.js";
import { loadStaff, queueScopeOf } from "../ticket-reads.js";

/**
 * What a staff member's reads cover, worked out once per read from R4.1 and today's calendar (R2.6).
 * Every staff read (lines, ticket, search, history, dashboard) filters through `mayView` or `visible`:
 * both come from the one rule `readReach` in the domain.
 */
export interface StaffScope {
  staff: StaffFacts;
  customerCare: boolean;
  /** The departments whose lines they draw from: theirs, or every one for general duty on a holiday. */
  queues: string[];
  /** The departments whose figures and lines they may read. */
  departments: string[];
  /** May they read this ticket (their department's, Customer care, or the one they hold)? */
  mayView(ticket: Pick<TicketFacts, "departmentId" | "claimedById">): boolean;
  /** The same rule as a query filter, for reads that select many tickets. */
  visible: P.TicketWhereInput;
}

export type ScopeRefusal = "unknown_staff" | "staff_inactive";

export function visibleTickets(reach: ReadReach): P.TicketWhereInput {
  return reach.all ? {} : { OR: [{ departmentId: { in: reach.departments } }, { claimedById: reach.holderId }] };
}

export async function staffScope(ctx: TicketContext, tx: Tx, staffId: string): Promise<Result<StaffScope, ScopeRefusal>> {
  const staff = await loadStaff(tx, staffId);
  if (!staff) return refuse("unknown_staff");
  if (!staff.active) return refuse("staff_inactive");
  const context = authorizationContext(ctx);
  const reach = readReach(staff, context);
  const everyDepartment = ctx.policy.departments.map((d) => d.id);
  return ok({
    staff,
    customerCare: staff.departments.includes(context.customerCareDepartment),
    queues: queueScopeOf(staff, context.holiday) ?? everyDepartment,
    departments: reach.all ? everyDepartment : everyDepartment.filter((id) => reach.departments.includes(id)),
    mayView: (ticket) => mayRead(reach, ticket),
    visible: visibleTickets(reach),
  });
}
