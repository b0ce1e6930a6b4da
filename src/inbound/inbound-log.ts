import type { Database, Prisma } from "../db/database.js";
import { createWorkerLoop } from "../jobs/worker-loop.js";
import { type BackoffPolicy, backoffMs } from "../kernel/backoff.js";
import type { Clock } from "../kernel/clock.js";
import { errorMessage } from "../kernel/errors.js";
import type { Logger } from "../kernel/logger.js";

/**
 * The inbound event log: every webhook writes its raw event here (deduplicated by the platform's
 * id) before answering 200, and events are processed from here after the answer. A crash after
 * the answer loses nothing: unprocessed events are picked up at the next start.
 */

export type InboundHandler = (payload: unknown, event: { id: string; source: string; dedupKey: string }) => Promise<void>;

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

const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 8;
/** A failed handler is tried again after 2 s, 4 s, 8 s… (at most 5 minutes) until MAX_ATTEMPTS. */
const RETRY_BACKOFF: BackoffPolicy = { baseMs: 2000, maxMs: 300_000 };

export function createInboundLog(deps: {
  db: Database;
  handlers: Record<string, InboundHandler>;
  clock: Clock;
  logger: Logger;
}): InboundLog {
  const { db, handlers, clock, logger } = deps;
  const prisma: Prisma = db.prisma;
  const loop = createWorkerLoop("inbound", () => processDue(), logger);

  async function record(source: string, dedupKey: string, payload: unknown): Promise<"new" | "duplicate"> {
    const rows = await prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO "InboundEvent" (id, source, "dedupKey", payload, "receivedAt", "nextAttemptAt")
      VALUES (gen_random_uuid()::text, ${source}, ${dedupKey}, ${JSON.stringify(payload)}::jsonb, ${clock.now()}, ${clock.now()})
      ON CONFLICT (source, "dedupKey") DO NOTHING
      RETURNING id`;
    if (rows.length === 0) return "duplicate";
    setImmediate(loop.kick);
    return "new";
  }

  /** Takes the oldest due event under a lease, so several instances never process one twice. */
  async function claimNext() {
    const now = clock.now();
    const rows = await prisma.$queryRaw<{ id: string; source: string; dedupKey: string; payload: unknown; attempts: number }[]>`
      UPDATE "InboundEvent" SET "leaseUntil" = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1
      WHERE id = (
        SELECT id FROM "InboundEvent"
        WHERE "processedAt" IS NULL AND "failedAt" IS NULL AND "nextAttemptAt" <= ${now}
          AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})
        ORDER BY "receivedAt", id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, source, "dedupKey", payload, attempts`;
    return rows[0];
  }

  async function processOne(): Promise<boolean> {
    const event = await claimNext();
    if (!event) return false;
    const handler = handlers[event.source];
    try {
      if (!handler) throw new Error(`no handler for source "${event.source}"`);
      await handler(event.payload, { id: event.id, source: event.source, dedupKey: event.dedupKey });
      await prisma.inboundEvent.update({ where: { id: event.id }, data: { processedAt: clock.now(), leaseUntil: null, lastError: null } });
    } catch (error) {
      const giveUp = event.attempts >= MAX_ATTEMPTS;
      const delayMs = backoffMs(event.attempts, RETRY_BACKOFF);
      logger.error(
        { err: error, eventId: event.id, source: event.source, attempts: event.attempts, giveUp },
        "inbound event processing failed",
      );
      await prisma.inboundEvent.update({
        where: { id: event.id },
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

  async function processDue(): Promise<number> {
    let handled = 0;
    while (await processOne()) handled++;
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
