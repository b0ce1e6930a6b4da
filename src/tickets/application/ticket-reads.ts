import type { Tx } from "../../db/database.js";
import { sqlIn } from "../../db/transaction-scope.js";
import { queueOrder } from "../domain/queue.js";
import { isActive, openStatuses, type StaffFacts } from "../domain/ticket.js";
import type { TicketContext } from "./context.js";

/** Reads shared by the use cases, always inside the caller's transaction. */

export type TicketRow = NonNullable<Awaited<ReturnType<Tx["ticket"]["findUnique"]>>>;

// The reads every staff action and customer message makes are plain statements: the ORM's planning
// costs more CPU than the database's work for them (see docs/ARCHITECTURE.md, "Pipeline under load").

export async function loadTicket(tx: Tx, ticketId: string): Promise<TicketRow | null> {
  const [ticket] = await sqlIn<TicketRow>(tx, `SELECT * FROM "Ticket" WHERE id = $1`, [ticketId]);
  return ticket ?? null;
}

export async function loadStaff(tx: Tx, staffId: string): Promise<StaffFacts | null> {
  const [staff] = await sqlIn<StaffFacts>(tx, `SELECT id, departments, "generalDuty", active FROM "Staff" WHERE id = $1`, [staffId]);
  return staff ?? null;
}

/** The ready tickets of some departments (all when undefined), in queue order (R3.1); the first `limit` when given. */
export async function readyQueue(tx: Tx, departmentIds?: readonly string[], limit?: number): Promise<TicketRow[]> {
  const line = waitingIn(departmentIds);
  // Readiness time, then number: the order queueOrder (domain/queue.ts) defines, read by index.
  const rows = await sqlIn<TicketRow>(tx, `SELECT * FROM "Ticket" WHERE ${line.where} ORDER BY "readyAt", number LIMIT $2`, [
    ...line.params,
    limit ?? null,
  ]);
  return queueOrder(rows);
}

/** The head of the line (R3.1), read by index whatever the line's length. */
export async function queueHead(tx: Tx, departmentIds?: readonly string[]): Promise<TicketRow | undefined> {
  return (await readyQueue(tx, departmentIds, 1))[0];
}

/** How many tickets wait in some departments' lines (all when undefined), counted by index. */
export async function waitingCount(tx: Tx, departmentIds?: readonly string[]): Promise<number> {
  const line = waitingIn(departmentIds);
  const [row] = await sqlIn<{ n: number }>(tx, `SELECT count(*)::int AS n FROM "Ticket" WHERE ${line.where}`, line.params);
  return row?.n ?? 0;
}

/** The waiting line of some departments (all when undefined) as a WHERE clause whose parameter is $1. */
function waitingIn(departmentIds: readonly string[] | undefined): { where: string; params: unknown[] } {
  const ready = `status = 'ready' AND "readyAt" IS NOT NULL`;
  return departmentIds
    ? { where: `${ready} AND "departmentId" = ANY($1::text[])`, params: [[...departmentIds]] }
    : { where: `${ready} AND $1::text[] IS NULL`, params: [null] };
}

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
  const line = waitingIn(lines.departmentIds);
  const [ahead] = await sqlIn<{ n: number }>(
    tx,
    `SELECT count(*)::int AS n FROM "Ticket"
     WHERE ${line.where} AND ("readyAt" < $2::timestamp OR ("readyAt" = $2::timestamp AND number < $3))`,
    [...line.params, ticket.readyAt.toISOString(), ticket.number],
  );
  return (ahead?.n ?? 0) + 1;
}

/** The customer's requests still open (their issue chain, R2.5), oldest first. */
export async function openRequestsOf(tx: Tx, customerId: string): Promise<TicketRow[]> {
  // Read on every customer message to a request and every request opened: a plain statement, cheaper than the ORM's planning.
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
