import type { Database } from "../db/database.js";
import { createWorkerLoop } from "../jobs/worker-loop.js";
import { type BackoffPolicy, backoffMs } from "../kernel/backoff.js";
import type { Clock } from "../kernel/clock.js";
import { errorMessage } from "../kernel/errors.js";
import type { Logger } from "../kernel/logger.js";
import { DeliveryError, type OutboxRow, PARTS_DELIVERED, type Sender } from "./outbox.js";

/**
 * Sends outbox rows in order per destination; retries 429 after the platform's retry time and
 * 5xx / network errors with exponential backoff and jitter (never giving up on those); records
 * permanent errors as failed with the reason on the ticket's timeline.
 */

const LEASE_MS = 60_000;
const BATCH = 20;
/** 5xx and network failures: from one second up to ten minutes, with jitter (several instances retry apart). */
export const DELIVERY_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 10 * 60_000 };

export interface DeliveryWorker {
  /** Delivers every row that is due now; returns how many were attempted. */
  deliverDue(): Promise<number>;
  start(pollMs?: number): void;
  /** Asks for a round soon (after a transaction that enqueued something). */
  kick(): void;
  stop(): Promise<void>;
  pendingCount(): Promise<number>;
}

export function createDeliveryWorker(deps: {
  db: Database;
  senders: Record<string, Sender>;
  clock: Clock;
  logger: Logger;
  random?: () => number;
}): DeliveryWorker {
  const { db, senders, clock, logger } = deps;
  const prisma = db.prisma;
  const loop = createWorkerLoop("delivery", () => deliverDue(), logger);

  /** The head of each destination's line that is due, leased so no other worker sends it. */
  async function claimBatch(): Promise<OutboxRow[]> {
    const now = clock.now();
    return prisma.$queryRaw<OutboxRow[]>`
      UPDATE "OutboxMessage" SET "leaseUntil" = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1
      WHERE id IN (
        SELECT o.id FROM "OutboxMessage" o
        WHERE o.status = 'pending' AND o."nextAttemptAt" <= ${now}
          AND (o."leaseUntil" IS NULL OR o."leaseUntil" < ${now})
          AND NOT EXISTS (
            SELECT 1 FROM "OutboxMessage" p
            WHERE p.destination = o.destination AND p.status = 'pending' AND p.seq < o.seq)
        ORDER BY o.seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING id, seq, channel, destination, kind, payload, "ticketId", attempts`;
  }

  async function deliver(row: OutboxRow): Promise<void> {
    const sender = senders[row.channel];
    try {
      if (!sender) throw new DeliveryError("retry", `no sender for channel "${row.channel}" (is the channel configured?)`, 60_000);
      const result = await sender.send(row);
      await prisma.outboxMessage.update({
        where: { id: row.id },
        data: {
          status: "sent",
          sentAt: clock.now(),
          platformMessageId: result.platformMessageId ?? null,
          leaseUntil: null,
          lastError: null,
        },
      });
    } catch (error) {
      await recordFailure(row, error);
    }
  }

  async function recordFailure(row: OutboxRow, error: unknown) {
    const permanent = error instanceof DeliveryError && error.kind === "permanent";
    const reason = errorMessage(error).slice(0, 1000);
    // Parts that went out are not sent again when the row is retried.
    const progress =
      error instanceof DeliveryError && error.partsDone !== undefined
        ? { payload: { ...row.payload, [PARTS_DELIVERED]: error.partsDone } as object }
        : {};
    if (permanent) {
      logger.warn({ outboxId: row.id, channel: row.channel, kind: row.kind, reason }, "delivery failed permanently");
      await prisma.$transaction(async (tx) => {
        await tx.outboxMessage.update({
          where: { id: row.id },
          data: { status: "failed", lastError: reason, leaseUntil: null, ...progress },
        });
        if (row.ticketId) {
          await tx.timelineEvent.create({
            data: {
              ticketId: row.ticketId,
              type: "delivery_failed",
              actor: "system",
              data: { outboxId: row.id, channel: row.channel, kind: row.kind, reason },
              at: clock.now(),
            },
          });
        }
      });
      return;
    }
    const retryAfter =
      error instanceof DeliveryError && error.retryAfterMs !== undefined
        ? error.retryAfterMs
        : backoffMs(row.attempts, DELIVERY_BACKOFF, deps.random ?? Math.random);
    logger.warn(
      { outboxId: row.id, channel: row.channel, kind: row.kind, attempts: row.attempts, retryInMs: retryAfter, reason },
      "delivery will be retried",
    );
    await prisma.outboxMessage.update({
      where: { id: row.id },
      data: { lastError: reason, leaseUntil: null, nextAttemptAt: new Date(clock.now().getTime() + retryAfter), ...progress },
    });
  }

  async function deliverDue(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const batch = await claimBatch();
      if (batch.length === 0) return attempted;
      // Rows of one batch have distinct destinations: they can go out in parallel.
      await Promise.all(batch.map(deliver));
      attempted += batch.length;
    }
  }

  return {
    deliverDue,
    kick: loop.kick,
    start: (pollMs = 500) => loop.start(pollMs),
    stop: () => loop.stop(),
    pendingCount: () => prisma.outboxMessage.count({ where: { status: "pending" } }),
  };
}
