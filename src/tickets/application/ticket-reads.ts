import type { Tx } from "../../db/database.js";
import { sqlIn } from "../../db/transaction-scope.js";
import { queueOrder } from "../domain/queue.js";
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

/** The ready tickets of some departments (all when undefined), in queue order (R3.1); the first `limit` when given. */
export async function readyQueue(tx: Tx, departmentIds?: readonly string[], limit?: number): Promise<TicketRow[]> {
  const rows = await tx.ticket.findMany({
    where: waiting(departmentIds),
    orderBy: QUEUE_ORDER,
    ...(limit === undefined ? {} : { take: limit }),
  });
  return queueOrder(rows);
}

/** The head of the line (R3.1), read by index whatever the line's length. */
export async function queueHead(tx: Tx, departmentIds?: readonly string[]): Promise<TicketRow | undefined> {
  return (await readyQueue(tx, departmentIds, 1))[0];
}

/** How many tickets wait in some departments' lines (all when undefined), counted by index. */
export async function waitingCount(tx: Tx, departmentIds?: readonly string[]): Promise<number> {
  return tx.ticket.count({ where: waiting(departmentIds) });
}

/** In SQL, the order queueOrder (domain/queue.ts) defines: readiness time, then number. */
const QUEUE_ORDER = [{ readyAt: "asc" as const }, { number: "asc" as const }];
const waiting = (departmentIds?: readonly string[]) => ({
  status: "ready" as const,
  readyAt: { not: null },
  ...(departmentIds ? { departmentId: { in: [...departmentIds] } } : {}),
});

/**
 * The queue a staff member draws from: their own departments, merged with every department's on
 * a public holiday for general-duty members (R2.6).
 */
export function queueScopeOf(staff: StaffFacts, holiday: boolean): string[] | undefined {
  return holiday && staff.generalDuty ? undefined : staff.departments;
}

/**
 * 1-based place in a line (R3.2), counted by index: the tickets ahead of it, plus one. The line is
 * the ticket's department's unless `lines` names others (all of them when its list is undefined).
 */
export async function positionOf(
  tx: Tx,
  ticket: Pick<TicketRow, "departmentId" | "status" | "readyAt" | "number">,
  lines: { departmentIds: readonly string[] | undefined } = { departmentIds: [ticket.departmentId] },
): Promise<number | null> {
  if (ticket.status !== "ready" || !ticket.readyAt) return null;
  const ahead = await tx.ticket.count({
    where: {
      ...waiting(lines.departmentIds),
      OR: [{ readyAt: { lt: ticket.readyAt } }, { readyAt: ticket.readyAt, number: { lt: ticket.number } }],
    },
  });
  return ahead + 1;
}

/** The customer's requests still open (their issue chain, R2.5), oldest first. */
export async function openRequestsOf(tx: Tx, customerId: string): Promise<TicketRow[]> {
  // Read on every customer message (does it go to an open request?): a plain statement, cheaper than the ORM's planning.
  return sqlIn<TicketRow>(
    tx,
    `SELECT * FROM "Ticket" WHERE "customerId" = $1 AND kind = 'request' AND status::text = ANY($2::text[]) ORDER BY number`,
    [customerId, [...openStatuses]],
  );
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
