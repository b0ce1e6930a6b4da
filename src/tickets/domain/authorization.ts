import { ok, type Result, refuse } from "../../kernel/result.js";
import type { StaffFacts, TicketFacts } from "./ticket.js";

/**
 * R4.1: staff work only their own department's tickets and never another person's. The exceptions
 * are explicit: general duty on holidays (R2.6), Customer care approving, rerouting and reassigning (R1.5).
 */

export type StaffAction =
  | "claim"
  | "reply"
  | "resolve"
  | "unclaim"
  | "hand_back"
  | "note"
  | "approve"
  | "reject"
  | "reroute"
  | "reassign"
  | "view";

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

export function authorize(
  action: StaffAction,
  staff: StaffFacts,
  ticket: Pick<TicketFacts, "departmentId" | "claimedById">,
  context: AuthorizationContext,
): Result<void, AuthorizationRefusal> {
  if (!staff.active) return refuse("staff_inactive");
  const inDepartment = staff.departments.includes(ticket.departmentId) || (context.holiday && staff.generalDuty);
  const inCustomerCare = staff.departments.includes(context.customerCareDepartment);

  switch (action) {
    case "approve":
    case "reject":
    case "reroute":
    case "reassign":
      return inCustomerCare ? ok(undefined) : refuse("not_customer_care");
    case "view":
    case "note":
      return inDepartment || inCustomerCare ? ok(undefined) : refuse("not_your_department");
    case "claim":
      if (!inDepartment) return refuse("not_your_department");
      if (ticket.claimedById !== null && ticket.claimedById !== staff.id) return refuse("claimed_by_other");
      return ok(undefined);
    case "reply":
    case "resolve":
    case "unclaim":
    case "hand_back":
      // The claim was authorized when it was made: the claimer finishes the work (even after the holiday).
      if (ticket.claimedById === staff.id) return ok(undefined);
      if (!inDepartment) return refuse("not_your_department");
      return ticket.claimedById === null ? refuse("not_claimed_by_you") : refuse("claimed_by_other");
  }
}
