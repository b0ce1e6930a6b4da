import type { Database, Tx } from "../../db/database.js";
import type { Clock } from "../../kernel/clock.js";
import type { Policy } from "../../policy/policy.schema.js";
import type { Schedule } from "./schedule.port.js";

/** What every use case works with. Built once by the composition root. */
export interface TicketContext {
  db: Database;
  policy: Policy;
  clock: Clock;
  schedule: Schedule;
  /** Staff-facing channels to keep up to date through the outbox ("slack" when configured). */
  staffChannels: readonly string[];
  /** The support mailbox is configured: customers can also be answered by email. */
  emailChannel?: boolean;
  /** Called after a transaction commits (kick the delivery worker, push live updates). */
  afterCommit(change: { ticketIds: string[] }): void;
}

export const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 } as const;

/**
 * Runs a use case in one transaction, serialized with every other change to the queues: two staff
 * pressing Claim next at the same instant get different tickets, on PostgreSQL and PGlite alike.
 */
export async function inQueueTransaction<T>(
  ctx: TicketContext,
  work: (tx: Tx) => Promise<T>,
  changed: (result: T) => string[],
): Promise<T> {
  const result = await ctx.db.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext('hotro:queues'))) AS l`;
    return work(tx);
  }, TX_OPTIONS);
  const ticketIds = changed(result);
  if (ticketIds.length > 0) ctx.afterCommit({ ticketIds });
  return result;
}
