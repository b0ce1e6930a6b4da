import type { Tx } from "../../db/database.js";
import { sqlIn } from "../../db/transaction-scope.js";

/**
 * What a change to tickets holds until its transaction ends (PostgreSQL advisory locks, taken in
 * this order only, so two changes never wait for each other in a circle):
 * 1. the departments whose queue order it relies on (a claim takes the head of a queue), sorted;
 * 2. the customer whose tickets it changes: every change to a ticket holds its customer, so one
 *    customer's requests move one step at a time (R2.5) while other customers' go on in parallel.
 * A customer's message or a claim in Sales therefore never waits for work in Technical.
 */

// Lock spaces (the first key of the two-key advisory lock): "hq" in ASCII, then a kind.
const DEPARTMENT_LOCKS = 0x6871_0001;
const CUSTOMER_LOCKS = 0x6871_0002;

export async function lockDepartments(tx: Tx, departmentIds: readonly string[]): Promise<void> {
  const sorted = [...new Set(departmentIds)].sort();
  if (sorted.length === 0) return;
  // unnest yields the array's order, so the locks are taken in sorted order.
  await sqlIn(
    tx,
    `SELECT count(*)::int AS n FROM (SELECT pg_advisory_xact_lock($1::int, hashtext(d)) FROM unnest($2::text[]) AS t(d)) AS l`,
    [DEPARTMENT_LOCKS, sorted],
  );
}

export async function lockCustomer(tx: Tx, customerId: string): Promise<void> {
  await sqlIn(tx, `SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock($1::int, hashtext($2))) AS l`, [CUSTOMER_LOCKS, customerId]);
}

/** Locks the customer of a ticket in one round trip; false when there is no such ticket. */
export async function lockCustomerOfTicket(tx: Tx, ticketId: string): Promise<boolean> {
  const rows = await sqlIn(
    tx,
    `SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock($1::int, hashtext("customerId")) FROM "Ticket" WHERE id = $2) AS l`,
    [CUSTOMER_LOCKS, ticketId],
  );
  return rows.length > 0;
}
