import type { Database, Tx } from "../../db/database.js";
import { afterCommit, inTransaction } from "../../db/transaction-scope.js";
import type { Clock } from "../../kernel/clock.js";
import type { ReplyWindows } from "../../kernel/reply-window.js";
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
  /** The reply windows channel modules declared, by channel (filled once the modules are built). */
  replyWindows?: Readonly<ReplyWindows>;
  /** DATA_DIR: stored files live under its files/ (deleted with the personal data they belong to). */
  dataDir?: string;
  /** Called after a transaction commits (kick the delivery worker, push live updates). */
  afterCommit(change: { ticketIds: string[] }): void;
}

/**
 * Runs a use case in one transaction, or in the caller's unit of work when one is open (a customer's
 * message: the ticket change commits with the dialog's answers). The use case takes the locks it
 * needs (locks.ts); `changed` names the tickets to announce once it has committed.
 */
export async function inTicketTransaction<T>(
  ctx: TicketContext,
  work: (tx: Tx) => Promise<T>,
  changed: (result: T) => string[],
): Promise<T> {
  const result = await inTransaction(ctx.db.prisma, work);
  const ticketIds = changed(result);
  if (ticketIds.length > 0) afterCommit(ctx.db.prisma, () => ctx.afterCommit({ ticketIds }));
  return result;
}
