import { ok, type Result, refuse } from "../../kernel/result.js";
import { actorOf, type StaffStep } from "./lifecycle.js";
import type { StaffFacts, TicketFacts } from "./ticket.js";

/**
 * R4.1: staff work only their own department's tickets and never another person's. The exceptions
 * are explicit: general duty on holidays (R2.6), Customer care approving, rerouting and reassigning
 * (R1.5). Who may take a step of the life cycle is the life cycle table's `by`.
 */

/** Life-cycle steps, plus what staff do to a ticket without moving it: read it, write a note, revoke its page link. */
export type StaffAction = StaffStep | "view" | "note" | "revoke_link";

export type AuthorizationRefusal =
  | "staff_inactive"
  | "not_your_department"
  | "not_customer_care"
  | "claimed_by_other"
  | "not_claimed_by_you";

export interface AuthorizationContext {
  customerCareDepartment: string;
  /** Today is a public holiday: general-duty members may work every department's tickets (R2.6). */
  holiday: boolean;
}

/**
 * Which tickets a staff member may read (R4.1): every ticket for Customer care and for general duty on
 * a holiday (R2.6); otherwise their departments' tickets and the ones they hold. One rule, used both
 * to check one ticket (`mayRead`) and to filter a query (`visibleTickets` in application/reads/scope.ts).
 */
export type ReadReach = { all: true } | { all: false; departments: string[]; holderId: string };

export function readReach(staff: StaffFacts, context: AuthorizationContext): ReadReach {
  const everyDepartment = staff.departments.includes(context.customerCareDepartment) || (context.holiday && staff.generalDuty);
  return everyDepartment ? { all: true } : { all: false, departments: [...staff.departments], holderId: staff.id };
}

export function mayRead(reach: ReadReach, ticket: Pick<TicketFacts, "departmentId" | "claimedById">): boolean {
  // Whoever holds the ticket keeps seeing it, even after a reroute or the end of a holiday.
  return reach.all || reach.departments.includes(ticket.departmentId) || ticket.claimedById === reach.holderId;
}

type Rule = "customer_care" | "department" | "claimer" | "department_or_customer_care";
const ruleOf = (action: StaffAction): Rule => {
  if (action === "view" || action === "note") return "department_or_customer_care";
  if (action === "revoke_link") return "customer_care";
  return actorOf(action) as Rule;
};

export function authorize(
  action: StaffAction,
  staff: StaffFacts,
  ticket: Pick<TicketFacts, "departmentId" | "claimedById">,
  context: AuthorizationContext,
): Result<void, AuthorizationRefusal> {
  if (!staff.active) return refuse("staff_inactive");
  const inDepartment = staff.departments.includes(ticket.departmentId) || (context.holiday && staff.generalDuty);
  const inCustomerCare = staff.departments.includes(context.customerCareDepartment);

  switch (ruleOf(action)) {
    case "customer_care":
      return inCustomerCare ? ok(undefined) : refuse("not_customer_care");
    case "department_or_customer_care":
      return mayRead(readReach(staff, context), ticket) ? ok(undefined) : refuse("not_your_department");
    case "department":
      if (!inDepartment) return refuse("not_your_department");
      if (ticket.claimedById !== null && ticket.claimedById !== staff.id) return refuse("claimed_by_other");
      return ok(undefined);
    case "claimer":
      // The claim was authorized when it was made: the claimer finishes the work (even after the holiday).
      if (ticket.claimedById === staff.id) return ok(undefined);
      if (!inDepartment) return refuse("not_your_department");
      return ticket.claimedById === null ? refuse("not_claimed_by_you") : refuse("claimed_by_other");
  }
}
