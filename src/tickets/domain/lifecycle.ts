import { ok, type Result, refuse } from "../../kernel/result.js";
import type { TicketStatus } from "./ticket.js";

/**
 * The ticket life cycle as data: every step a use case may take, from which status, to which
 * status, and who may take it. A step the table does not list is refused (`IllegalTransition`).
 *
 * Who: `department` a member of the ticket's department (general duty on a holiday, R2.6);
 * `claimer` the staff member who claimed it; `customer_care` Customer care (R1.5); `customer` the
 * ticket's customer; `system` the application itself (the issue chain, R2.5).
 */
export const lifecycle = [
  { from: "awaiting_approval", action: "approve", to: "ready", by: "customer_care" },
  { from: "awaiting_approval", action: "reject", to: "rejected", by: "customer_care" },
  { from: "awaiting_approval", action: "reroute", to: "awaiting_approval", by: "customer_care" },
  { from: "awaiting_approval", action: "withdraw", to: "withdrawn", by: "customer" },
  { from: "parked", action: "release", to: "ready", by: "system" },
  { from: "parked", action: "release_to_approval", to: "awaiting_approval", by: "system" },
  { from: "parked", action: "reroute", to: "parked", by: "customer_care" },
  { from: "parked", action: "withdraw", to: "withdrawn", by: "customer" },
  { from: "ready", action: "claim", to: "claimed", by: "department" },
  { from: "ready", action: "reroute", to: "ready", by: "customer_care" },
  { from: "ready", action: "withdraw", to: "withdrawn", by: "customer" },
  { from: "claimed", action: "reply", to: "claimed", by: "claimer" },
  { from: "claimed", action: "resolve", to: "resolved", by: "claimer" },
  { from: "claimed", action: "unclaim", to: "ready", by: "claimer" },
  { from: "claimed", action: "hand_back", to: "ready", by: "claimer" },
  { from: "claimed", action: "reassign", to: "claimed", by: "customer_care" },
  { from: "claimed", action: "reroute", to: "ready", by: "customer_care" },
  { from: "claimed", action: "withdraw", to: "withdrawn", by: "customer" },
  { from: "resolved", action: "reopen", to: "ready", by: "customer" },
  { from: "resolved", action: "rate", to: "resolved", by: "customer" },
] as const satisfies readonly { from: TicketStatus; action: string; to: TicketStatus; by: string }[];

export type Transition = (typeof lifecycle)[number];
export type LifecycleAction = Transition["action"];
export type Actor = Transition["by"];
/** The steps staff take, each checked against R4.1 by its `by`. */
export type StaffStep = Extract<Transition, { by: "department" | "claimer" | "customer_care" }>["action"];

/** A new request waits behind the customer's open one (R2.5), for Customer care's approval (R1.5), or in its queue. */
export function statusAtOpening(request: { behindAnother: boolean; requiresApproval: boolean }): TicketStatus {
  return request.behindAnother ? "parked" : request.requiresApproval ? "awaiting_approval" : "ready";
}
/** Every status a ticket can be created in: a request's (above) or a satisfaction case's (ready). */
export const openingStatuses: readonly TicketStatus[] = ["awaiting_approval", "parked", "ready"];

/** The refusal of a step the table does not allow from the ticket's status; most say "wrong_status", some say why. */
export type IllegalTransition = "wrong_status" | "not_waiting" | "not_open" | "not_claimed" | "not_resolved";
const refusalOf: Partial<Record<LifecycleAction, IllegalTransition>> = {
  claim: "not_waiting",
  reply: "not_open",
  resolve: "not_open",
  reassign: "not_claimed",
  rate: "not_resolved",
};

/** Where `action` takes the ticket from its status, or the typed refusal (with the status and the ticket's number). */
export function nextStatus(
  ticket: { status: TicketStatus; number: number },
  action: LifecycleAction,
): Result<TicketStatus, IllegalTransition> {
  const step = lifecycle.find((t) => t.from === ticket.status && t.action === action);
  if (step) return ok(step.to);
  return refuse(refusalOf[action] ?? "wrong_status", { status: ticket.status, number: ticket.number });
}

/** Who may take a step (the same for every status it starts from). */
export function actorOf(action: LifecycleAction): Actor {
  const step = lifecycle.find((t) => t.action === action);
  if (!step) throw new Error(`no step "${action}" in the life cycle`);
  return step.by;
}
