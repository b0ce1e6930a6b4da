import { AsyncLocalStorage } from "node:async_hooks";
import type { Database, Prisma, Tx } from "../db/database.js";
import { DEFAULT_LEASE_MS, whileLeased, yieldToEventLoop } from "../jobs/lease.js";
import { createWorkerLoop } from "../jobs/worker-loop.js";
import type { Clock } from "../kernel/clock.js";
import { errorMessage } from "../kernel/errors.js";
import type { Logger } from "../kernel/logger.js";

/**
 * The inbound event log: every webhook writes its raw event here (deduplicated by the platform's
 * id) before answering 200, and events are processed from here after the answer. A crash after
 * the answer loses nothing: unprocessed events are picked up at the next start.
 *
 * Each event belongs to a partition (one conversation). A partition's events are processed one
 * after another in arrival order, by whichever worker of whichever instance takes its head;
 * different partitions are processed in parallel by `concurrency` lanes per process.
 */

export type InboundHandler = (payload: unknown, event: { id: string; source: string; dedupKey: string }) => Promise<void>;

/** The conversation an event belongs to, read from its payload (a chat id, a visitor id…). */
export type PartitionKeyOf = (payload: unknown) => string | undefined;

export interface InboundLog {
  /** Throws when the database cannot take the event: the webhook must then answer 503 so the platform retries. */
  record(source: string, dedupKey: string, payload: unknown): Promise<"new" | "duplicate">;
  /** Processes every due event in arrival order; returns how many were handled. */
  processDue(): Promise<number>;
  /** Processes in the background: right after each record, and by polling for retries. */
  start(pollMs?: number): void;
  stop(): Promise<void>;
  pendingCount(): Promise<number>;
}

const MAX_ATTEMPTS = 8;

/** The event a handler is working on, for `markHandledIn` (however deep in the handler it is called). */
const currentEvent = new AsyncLocalStorage<{ id: string; at: () => Date; marked: boolean }>();

/**
 * Marks the event being handled as processed inside the caller's transaction, so that its effects
 * (the answers written to the outbox, the conversation's state) and the mark commit together: a
 * retry after a crash finds it done and sends nothing twice. If another worker finished the event
 * meanwhile (this one's lease ran out), the update finds no row, throws, and the transaction rolls back.
 * Outside a handler (or for a handler that never calls it) the log marks the event after the handler.
 */
export async function markHandledIn(tx: Tx): Promise<void> {
  const event = currentEvent.getStore();
  if (!event || event.marked) return; // a handler that commits twice marks with the first
  await tx.inboundEvent.update({
    where: { id: event.id, processedAt: null },
    data: { processedAt: event.at(), leaseUntil: null, lastError: null },
  });
  event.marked = true;
}

export function createInboundLog(deps: {
  db: Database;
  handlers: Record<string, InboundHandler>;
  /** By source; an event of a source without one shares a single partition with the rest of its source. */
  partitionKeys?: Record<string, PartitionKeyOf>;
  clock: Clock;
  logger: Logger;
  /** Events processed at once by this process (different partitions). */
  concurrency?: number;
  leaseMs?: number;
}): InboundLog {
  const { db, handlers, clock, logger } = deps;
  const prisma: Prisma = db.prisma;
  const concurrency = deps.concurrency ?? 1;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const loop = createWorkerLoop("inbound", () => processDue(), logger);

  function partitionOf(source: string, payload: unknown): string {
    const key = deps.partitionKeys?.[source]?.(payload);
    return key ? `${source}:${key}` : source;
  }

  async function record(source: string, dedupKey: string, payload: unknown): Promise<"new" | "duplicate"> {
    const rows = await prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO "InboundEvent" (id, source, "dedupKey", "partitionKey", payload, "receivedAt", "nextAttemptAt")
      VALUES (gen_random_uuid()::text, ${source}, ${dedupKey}, ${partitionOf(source, payload)}, ${JSON.stringify(payload)}::jsonb,
              ${clock.now()}, ${clock.now()})
      ON CONFLICT (source, "dedupKey") DO NOTHING
      RETURNING id`;
    if (rows.length === 0) return "duplicate";
    setImmediate(loop.kick);
    return "new";
  }

  /**
   * Takes the head of a partition that nobody holds: due, unleased (or its holder's lease ran out),
   * and with no earlier unfinished event in its partition. SKIP LOCKED keeps workers of every
   * instance off each other's rows.
   */
  async function claimNext() {
    const now = clock.now();
    const rows = await prisma.$queryRaw<{ id: string; source: string; dedupKey: string; payload: unknown; attempts: number }[]>`
      UPDATE "InboundEvent" SET "leaseUntil" = ${new Date(now.getTime() + leaseMs)}, attempts = attempts + 1
      WHERE id = (
        SELECT e.id FROM "InboundEvent" e
        WHERE e."processedAt" IS NULL AND e."failedAt" IS NULL AND e."nextAttemptAt" <= ${now}
          AND (e."leaseUntil" IS NULL OR e."leaseUntil" < ${now})
          AND NOT EXISTS (
            SELECT 1 FROM "InboundEvent" p
            WHERE p."partitionKey" = e."partitionKey" AND p.seq < e.seq AND p."processedAt" IS NULL AND p."failedAt" IS NULL)
        ORDER BY e.seq LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, source, "dedupKey", payload, attempts`;
    return rows[0];
  }

  const renewLease = (id: string) => () =>
    prisma.inboundEvent.update({ where: { id }, data: { leaseUntil: new Date(clock.now().getTime() + leaseMs) } });

  async function processOne(): Promise<boolean> {
    const event = await claimNext();
    if (!event) return false;
    const handler = handlers[event.source];
    try {
      if (!handler) throw new Error(`no handler for source "${event.source}"`);
      await whileLeased(leaseMs, renewLease(event.id), () =>
        currentEvent.run({ id: event.id, at: () => clock.now(), marked: false }, () =>
          handler(event.payload, { id: event.id, source: event.source, dedupKey: event.dedupKey }),
        ),
      );
      // Handlers that did not mark the event with their own effects: marked now.
      await prisma.inboundEvent.updateMany({
        where: { id: event.id, processedAt: null },
        data: { processedAt: clock.now(), leaseUntil: null, lastError: null },
      });
    } catch (error) {
      const giveUp = event.attempts >= MAX_ATTEMPTS;
      const delayMs = Math.min(2 ** event.attempts * 1000, 300_000);
      logger.error(
        { err: error, eventId: event.id, source: event.source, attempts: event.attempts, giveUp },
        "inbound event processing failed",
      );
      // An event whose effects committed with their mark before the failure stays done.
      await prisma.inboundEvent.updateMany({
        where: { id: event.id, processedAt: null },
        data: {
          lastError: errorMessage(error).slice(0, 2000),
          leaseUntil: null,
          nextAttemptAt: new Date(clock.now().getTime() + delayMs),
          ...(giveUp ? { failedAt: clock.now() } : {}),
        },
      });
    }
    return true;
  }

  /** Until nothing is due: each lane takes partition heads one after another, yielding in between. */
  async function processDue(): Promise<number> {
    let handled = 0;
    const lane = async () => {
      while (await processOne()) {
        handled++;
        await yieldToEventLoop();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    return handled;
  }

  return {
    record,
    processDue,
    start: (pollMs = 1000) => loop.start(pollMs),
    stop: () => loop.stop(),
    pendingCount: () => prisma.inboundEvent.count({ where: { processedAt: null, failedAt: null } }),
  };
}
