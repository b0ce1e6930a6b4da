import type { Tx } from "../../db/database.js";
import { positionIn, queueOrder } from "../domain/queue.js";
import { isActive, openStatuses, type StaffFacts } from "../domain/ticket.js";
import type { TicketContext } from "./context.js";

/** Reads shared by the use cases, always inside the caller's transaction. */

export type TicketRow = NonNullable<Awaited<ReturnType<Tx["ticket"]["findUnique"]>>>;

export async function loadTicket(tx: Tx, ticketId: string): Promise<TicketRow | null> {
  return tx.ticket.findUnique({ where: { id: ticketId } });
}

export async function loadStaff(tx: Tx, staffId: string): Promise<StaffFacts | null> {
  return tx.staff.findUnique({ where: { id: staffId }, select: { id: true, departments: true, generalDuty: true, active: true } });
}

/** The ready tickets of some departments (all when undefined), in queue order (R3.1). */
export async function readyQueue(tx: Tx, departmentIds?: readonly string[]): Promise<TicketRow[]> {
  const rows = await tx.ticket.findMany({
    where: { status: "ready", ...(departmentIds ? { departmentId: { in: [...departmentIds] } } : {}) },
    orderBy: [{ readyAt: "asc" }, { number: "asc" }],
  });
  return queueOrder(rows);
}

/**
 * The queue a staff member draws from: their own departments, merged with every department's on
 * a public holiday for general-duty members (R2.6).
 */
export function queueScopeOf(staff: StaffFacts, holiday: boolean): string[] | undefined {
  return holiday && staff.generalDuty ? undefined : staff.departments;
}

export async function positionOf(tx: Tx, ticket: Pick<TicketRow, "id" | "departmentId" | "status">): Promise<number | null> {
  if (ticket.status !== "ready") return null;
  return positionIn(await readyQueue(tx, [ticket.departmentId]), ticket.id);
}

/** The customer's requests still open (their issue chain, R2.5), oldest first. */
export async function openRequestsOf(tx: Tx, customerId: string): Promise<TicketRow[]> {
  return tx.ticket.findMany({
    where: { customerId, kind: "request", status: { in: [...openStatuses] } },
    orderBy: { number: "asc" },
  });
}

/** The ticket a customer's messages attach to: the oldest open request that is not parked. */
export async function activeRequestOf(tx: Tx, customerId: string): Promise<TicketRow | null> {
  const open = await openRequestsOf(tx, customerId);
  return open.find((t) => isActive(t.status)) ?? null;
}

export function isHolidayNow(ctx: TicketContext): boolean {
  return ctx.schedule.isHoliday(ctx.clock.now());
}

/** The policy's window after resolution in which the customer may reopen a request. */
export function withinReopenWindow(ctx: TicketContext, ticket: Pick<TicketRow, "resolvedAt">, now: Date): boolean {
  return ticket.resolvedAt !== null && now.getTime() - ticket.resolvedAt.getTime() <= ctx.policy.sla.reopenWindowHours * 3_600_000;
}
