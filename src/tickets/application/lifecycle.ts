import type { Tx } from "../../db/database.js";
import { asLanguage } from "../../kernel/language.js";
import { ok, type Result, refuse } from "../../kernel/result.js";
import type { AuthorizationRefusal, StaffAction } from "../domain/authorization.js";
import { type IllegalTransition, nextStatus } from "../domain/lifecycle.js";
import { composeReply } from "../domain/reply-rules.js";
import { staffActing } from "./acting.js";
import { releaseNextInChain } from "./chain.js";
import { inTicketTransaction, type TicketContext } from "./context.js";
import { lockCustomerOfTicket } from "./locks.js";
import { announce, notice, notifyCustomer, notifyStaff, recordEvent } from "./notify.js";
import { takeStep } from "./step.js";
import { loadTicket, queueHead, type TicketRow, withinReopenWindow } from "./ticket-reads.js";

export type LifecycleRefusal =
  | AuthorizationRefusal
  | IllegalTransition
  | "unknown_staff"
  | "unknown_ticket"
  | "unknown_department"
  | "reason_required"
  | "not_your_ticket"
  | "reopen_window_passed";

type Outcome = Result<{ ticket: TicketRow; released?: TicketRow | null }, LifecycleRefusal>;
const changedIds = (r: Outcome) => (r.ok ? [r.value.ticket.id, ...(r.value.released ? [r.value.released.id] : [])] : []);

/** Loads the acting staff member and the ticket, and checks R4.1 for the action. */
async function staffAct(
  ctx: TicketContext,
  tx: Tx,
  action: StaffAction,
  staffId: string,
  ticketId: string,
): Promise<Result<TicketRow, LifecycleRefusal>> {
  const acting = await staffActing(ctx, tx, action, staffId, ticketId);
  return acting.ok ? ok(acting.value.ticket) : acting;
}

/** R1.5: Customer care approves a request waiting for approval; it enters its queue now. */
export async function approve(ctx: TicketContext, staffId: string, ticketId: string): Promise<Outcome> {
  return inTicketTransaction(
    ctx,
    async (tx): Promise<Outcome> => {
      await lockCustomerOfTicket(tx, ticketId);
      const found = await staffAct(ctx, tx, "approve", staffId, ticketId);
      if (!found.ok) return found;
      const now = ctx.clock.now();
      const approved = await takeStep(tx, found.value, "approve", {
        readyAt: now,
        resolutionDueAt: ctx.schedule.resolutionDeadline(found.value.departmentId, now),
      });
      if (!approved.ok) return approved;
      const ticket = approved.value;
      await announce(ctx, tx, ticket, { event: "approved", actor: `staff:${staffId}`, notice: "approved" });
      return ok({ ticket });
    },
    changedIds,
  );
}

/** R1.5: a rejection reaches the customer in writing, with its reason. */
export async function reject(ctx: TicketContext, staffId: string, ticketId: string, reason: string): Promise<Outcome> {
  if (reason.trim() === "") return refuse("reason_required");
  return inTicketTransaction(
    ctx,
    async (tx): Promise<Outcome> => {
      await lockCustomerOfTicket(tx, ticketId);
      const found = await staffAct(ctx, tx, "reject", staffId, ticketId);
      if (!found.ok) return found;
      const rejected = await takeStep(tx, found.value, "reject", { closedReason: reason, resolvedAt: ctx.clock.now() });
      if (!rejected.ok) return rejected;
      const ticket = rejected.value;
      const written = composeReply(ctx.policy, { text: reason, language: asLanguage(ticket.language), channel: ticket.channel });
      await tx.message.create({
        data: { ticketId, direction: "out", channel: ticket.channel, text: written, authorStaffId: staffId, createdAt: ctx.clock.now() },
      });
      await recordEvent(ctx, tx, ticketId, "rejected", `staff:${staffId}`, { reason });
      // Two messages: the notice names the ticket; the written reason is a reply that starts with the greeting (R3.5)
      // and is exactly what was stored.
      await notifyCustomer(ctx, tx, ticket, [notice("rejected", { number: ticket.number })]);
      await notifyCustomer(ctx, tx, ticket, [{ raw: written }], { kind: "reply" });
      await notifyStaff(ctx, tx, ticketId);
      return ok({ ticket, released: await releaseNextInChain(ctx, tx, ticket.customerId) });
    },
    changedIds,
  );
}

/** R1.5: Customer care sends a misrouted ticket to another department; it keeps its readiness time and deadline. */
export async function reroute(
  ctx: TicketContext,
  staffId: string,
  ticketId: string,
  toDepartment: string,
  reason: string,
): Promise<Outcome> {
  if (reason.trim() === "") return refuse("reason_required");
  const department = ctx.policy.departments.find((d) => d.id === toDepartment);
  if (!department) return refuse("unknown_department");
  return inTicketTransaction(
    ctx,
    async (tx): Promise<Outcome> => {
      await lockCustomerOfTicket(tx, ticketId);
      const found = await staffAct(ctx, tx, "reroute", staffId, ticketId);
      if (!found.ok) return found;
      // A claimed ticket goes back to a queue: the new department's.
      const unclaim = found.value.status === "claimed" ? { claimedById: null, claimedAt: null } : {};
      const rerouted = await takeStep(tx, found.value, "reroute", { departmentId: toDepartment, ...unclaim });
      if (!rerouted.ok) return rerouted;
      const ticket = rerouted.value;
      await announce(ctx, tx, ticket, {
        event: "rerouted",
        actor: `staff:${staffId}`,
        data: { from: found.value.departmentId, to: toDepartment, reason },
        notice: "rerouted",
        vars: { department: department.name[asLanguage(ticket.language)] },
      });
      return ok({ ticket });
    },
    changedIds,
  );
}

/** The claimer hands a misrouted ticket back to Customer care (reason required); readiness and deadline are kept. */
export async function handBack(ctx: TicketContext, staffId: string, ticketId: string, reason: string): Promise<Outcome> {
  if (reason.trim() === "") return refuse("reason_required");
  return inTicketTransaction(
    ctx,
    async (tx): Promise<Outcome> => {
      await lockCustomerOfTicket(tx, ticketId);
      const found = await staffAct(ctx, tx, "hand_back", staffId, ticketId);
      if (!found.ok) return found;
      const customerCare = ctx.policy.customerCare.department;
      const handedBack = await takeStep(tx, found.value, "hand_back", { departmentId: customerCare, claimedById: null, claimedAt: null });
      if (!handedBack.ok) return handedBack;
      const ticket = handedBack.value;
      await announce(ctx, tx, ticket, {
        event: "handed_back",
        actor: `staff:${staffId}`,
        data: { from: found.value.departmentId, reason },
        notice: "handed_back",
      });
      return ok({ ticket });
    },
    changedIds,
  );
}

/** The customer reopens a resolved request within the policy's window: back to its department, at the head, with its history. */
export async function reopen(ctx: TicketContext, customerId: string, ticketId: string): Promise<Outcome> {
  return inTicketTransaction(
    ctx,
    async (tx): Promise<Outcome> => {
      await lockCustomerOfTicket(tx, ticketId);
      const found = await loadTicket(tx, ticketId);
      if (!found) return refuse("unknown_ticket");
      if (found.customerId !== customerId) return refuse("not_your_ticket");
      const allowed = nextStatus(found, "reopen");
      if (!allowed.ok) return allowed;
      const now = ctx.clock.now();
      if (!withinReopenWindow(ctx, found, now)) return refuse("reopen_window_passed");
      const head = await queueHead(tx, [found.departmentId]);
      const original = found.readyAt ?? now;
      // At the head: never behind what is waiting now.
      const readyAt = head?.readyAt && head.readyAt.getTime() <= original.getTime() ? new Date(head.readyAt.getTime() - 1) : original;
      const reopened = await takeStep(tx, found, "reopen", {
        readyAt,
        resolvedAt: null,
        claimedById: null,
        claimedAt: null,
        reopenCount: { increment: 1 },
        resolutionDueAt: ctx.schedule.resolutionDeadline(found.departmentId, now),
      });
      if (!reopened.ok) return reopened;
      const ticket = reopened.value;
      await announce(ctx, tx, ticket, { event: "reopened", actor: `customer:${customerId}`, notice: "reopened" });
      return ok({ ticket });
    },
    changedIds,
  );
}

/** The customer withdraws an open request; the next one of their chain is released (R2.5). */
export async function withdraw(ctx: TicketContext, customerId: string, ticketId: string): Promise<Outcome> {
  return inTicketTransaction(
    ctx,
    async (tx): Promise<Outcome> => {
      await lockCustomerOfTicket(tx, ticketId);
      const found = await loadTicket(tx, ticketId);
      if (!found) return refuse("unknown_ticket");
      if (found.customerId !== customerId) return refuse("not_your_ticket");
      const withdrawn = await takeStep(tx, found, "withdraw", { resolvedAt: ctx.clock.now() });
      if (!withdrawn.ok) return withdrawn;
      const ticket = withdrawn.value;
      await announce(ctx, tx, ticket, { event: "withdrawn", actor: `customer:${customerId}`, notice: "withdrawn" });
      return ok({ ticket, released: await releaseNextInChain(ctx, tx, customerId) });
    },
    changedIds,
  );
}
