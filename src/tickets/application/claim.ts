import type { Tx } from "../../db/database.js";
import { ok, type Result, refuse } from "../../kernel/result.js";
import type { AuthorizationRefusal } from "../domain/authorization.js";
import { type IllegalTransition, nextStatus } from "../domain/lifecycle.js";
import type { StaffFacts } from "../domain/ticket.js";
import { staffActing } from "./acting.js";
import { inTicketTransaction, type TicketContext } from "./context.js";
import { lockCustomer, lockCustomerOfTicket, lockDepartments } from "./locks.js";
import { announce, notifyStaff, recordEvent } from "./notify.js";
import { takeStep } from "./step.js";
import { isHolidayNow, loadStaff, loadTicket, positionOf, queueHead, queueScopeOf, type TicketRow } from "./ticket-reads.js";

export type ClaimRefusal = AuthorizationRefusal | IllegalTransition | "unknown_staff" | "unknown_ticket" | "queue_empty" | "not_head";

/** R3.1: "Claim next" always takes the head of the staff member's queue, atomically. */
export async function claimNext(ctx: TicketContext, staffId: string): Promise<Result<TicketRow, ClaimRefusal>> {
  return inTicketTransaction(
    ctx,
    async (tx): Promise<Result<TicketRow, ClaimRefusal>> => {
      const staff = await loadStaff(tx, staffId);
      if (!staff) return refuse("unknown_staff");
      if (!staff.active) return refuse("staff_inactive");
      const scope = queueScopeOf(staff, isHolidayNow(ctx));
      await lockDepartments(tx, scope ?? allDepartments(ctx));
      const head = await lockedHead(tx, scope);
      if (!head) return refuse("queue_empty");
      return takeTicket(ctx, tx, staff, head);
    },
    (r) => (r.ok ? [r.value.id] : []),
  );
}

/**
 * R3.1: a claim on a given card works only when that ticket is the head of the queue; elsewhere it
 * is refused with the ticket's position and the head's number.
 */
export async function claim(ctx: TicketContext, staffId: string, ticketId: string): Promise<Result<TicketRow, ClaimRefusal>> {
  return inTicketTransaction(
    ctx,
    async (tx): Promise<Result<TicketRow, ClaimRefusal>> => {
      const claimer = await loadStaff(tx, staffId);
      // Every queue the claimer may draw from: the ticket's, if the claim is allowed at all, is among them.
      if (claimer)
        await lockDepartments(tx, [...claimer.departments, ...(queueScopeOf(claimer, isHolidayNow(ctx)) ?? allDepartments(ctx))]);
      await lockCustomerOfTicket(tx, ticketId);
      const acting = await staffActing(ctx, tx, "claim", staffId, ticketId);
      if (!acting.ok) return acting;
      const { staff, ticket } = acting.value;
      const allowed = nextStatus(ticket, "claim");
      if (!allowed.ok) return allowed;
      const holiday = isHolidayNow(ctx);
      // A department member keeps their own department's line; general duty on a holiday draws from the merged one.
      const scope = staff.departments.includes(ticket.departmentId) ? [ticket.departmentId] : queueScopeOf(staff, holiday);
      const head = await queueHead(tx, scope);
      if (head && head.id !== ticket.id) {
        return refuse("not_head", {
          number: ticket.number,
          position: await positionOf(tx, ticket, { departmentIds: scope }),
          headNumber: head.number,
        });
      }
      return takeTicket(ctx, tx, staff, ticket);
    },
    (r) => (r.ok ? [r.value.id] : []),
  );
}

const allDepartments = (ctx: TicketContext) => ctx.policy.departments.map((d) => d.id);

/**
 * The head of the (locked) queues, with its customer locked too. Until that lock is ours the head's
 * customer may have changed it (withdrawn, rerouted): then the next head is taken.
 */
async function lockedHead(tx: Tx, scope: string[] | undefined): Promise<TicketRow | undefined> {
  for (;;) {
    const head = await queueHead(tx, scope);
    if (!head) return undefined;
    await lockCustomer(tx, head.customerId);
    const now = await loadTicket(tx, head.id);
    if (now && now.status === head.status && now.departmentId === head.departmentId && now.claimedById === null) return now;
  }
}

async function takeTicket(ctx: TicketContext, tx: Tx, staff: StaffFacts, ticket: TicketRow): Promise<Result<TicketRow, ClaimRefusal>> {
  const now = ctx.clock.now();
  const stepped = await takeStep(tx, ticket, "claim", { claimedById: staff.id, claimedAt: now });
  if (!stepped.ok) return stepped;
  const claimed = stepped.value;
  const startMet = ticket.startDueAt ? now.getTime() <= ticket.startDueAt.getTime() : null;
  await announce(ctx, tx, claimed, {
    event: "claimed",
    actor: `staff:${staff.id}`,
    data: startMet === null ? {} : { chainStartMet: startMet },
    notice: "claimed",
  });
  return ok(claimed);
}

/** The claimer puts a ticket back: it returns to its place by readiness time. */
export async function unclaim(ctx: TicketContext, staffId: string, ticketId: string): Promise<Result<TicketRow, ClaimRefusal>> {
  return inTicketTransaction(
    ctx,
    async (tx): Promise<Result<TicketRow, ClaimRefusal>> => {
      await lockCustomerOfTicket(tx, ticketId);
      const acting = await staffActing(ctx, tx, "unclaim", staffId, ticketId);
      if (!acting.ok) return acting;
      const { staff, ticket } = acting.value;
      const back = await takeStep(tx, ticket, "unclaim", { claimedById: null, claimedAt: null });
      if (!back.ok) return back;
      await announce(ctx, tx, back.value, { event: "unclaimed", actor: `staff:${staff.id}`, notice: "unclaimed" });
      return back;
    },
    (r) => (r.ok ? [r.value.id] : []),
  );
}

export type ReassignRefusal = ClaimRefusal | "target_not_in_department" | "reason_required";

/** Customer care moves a claimed ticket to another member of its department when the claimer is away (R1.5). */
export async function reassign(
  ctx: TicketContext,
  staffId: string,
  ticketId: string,
  toStaffId: string,
  reason: string,
): Promise<Result<TicketRow, ReassignRefusal>> {
  if (reason.trim() === "") return refuse("reason_required");
  return inTicketTransaction(
    ctx,
    async (tx): Promise<Result<TicketRow, ReassignRefusal>> => {
      await lockCustomerOfTicket(tx, ticketId);
      const [acting, target] = await Promise.all([staffActing(ctx, tx, "reassign", staffId, ticketId), loadStaff(tx, toStaffId)]);
      if (!acting.ok) return acting;
      if (!target) return refuse("unknown_staff");
      const { staff, ticket } = acting.value;
      const allowedStep = nextStatus(ticket, "reassign");
      if (!allowedStep.ok) return allowedStep;
      if (!target.active || !target.departments.includes(ticket.departmentId)) return refuse("target_not_in_department");
      const moved = await takeStep(tx, ticket, "reassign", { claimedById: target.id });
      if (!moved.ok) return moved;
      await recordEvent(ctx, tx, ticket.id, "reassigned", `staff:${staff.id}`, { from: ticket.claimedById, to: target.id, reason });
      await notifyStaff(ctx, tx, ticket.id);
      return moved;
    },
    (r) => (r.ok ? [r.value.id] : []),
  );
}
