import type { Database } from "../db/database.js";
import { DEFAULT_LEASE_MS, whileLeased } from "../jobs/lease.js";
import { createWorkerLoop } from "../jobs/worker-loop.js";
import type { Clock } from "../kernel/clock.js";
import { errorMessage } from "../kernel/errors.js";
import type { Logger } from "../kernel/logger.js";
import { DeliveryError, type OutboxRow, PARTS_DELIVERED, type Sender } from "./outbox.js";

/**
 * Sends outbox rows in order per destination; retries 429 after the platform's retry time and
 * 5xx / network errors with exponential backoff and jitter (never giving up on those); records
 * permanent errors as failed with the reason on the ticket's timeline.
 */

const MAX_BACKOFF_MS = 10 * 60_000;
const BATCH = 20;

export interface DeliveryWorker {
  /** Delivers every row that is due now; returns how many were attempted. */
  deliverDue(): Promise<number>;
  start(pollMs?: number): void;
  /** Asks for a round soon (after a transaction that enqueued something). */
  kick(): void;
  stop(): Promise<void>;
  pendingCount(): Promise<number>;
  /**
   * Rows taken over from a holder whose lease ran out (a process that died or hung mid-send): the
   * platform may have received them already, so each may reach its destination twice.
   */
  possibleDuplicates(): number;
}

export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
  // Full jitter on the upper half keeps retries from several instances apart.
  return Math.round(base / 2 + (random() * base) / 2);
}

export function createDeliveryWorker(deps: {
  db: Database;
  senders: Record<string, Sender>;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  leaseMs?: number;
}): DeliveryWorker {
  const { db, senders, clock, logger } = deps;
  const prisma = db.prisma;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  let possibleDuplicates = 0;
  const loop = createWorkerLoop("delivery", () => deliverDue(), logger);

  /**
   * The head of each destination's line that is due, leased so no other worker sends it. A row whose
   * earlier lease ran out without a result (its holder died mid-send) is counted as a possible duplicate.
   */
  async function claimBatch(): Promise<OutboxRow[]> {
    const now = clock.now();
    const rows = await prisma.$queryRaw<(OutboxRow & { expiredLease: Date | null })[]>`
      WITH due AS (
        SELECT o.id, o."leaseUntil" AS "expiredLease" FROM "OutboxMessage" o
        WHERE o.status = 'pending' AND o."nextAttemptAt" <= ${now}
          AND (o."leaseUntil" IS NULL OR o."leaseUntil" < ${now})
          AND NOT EXISTS (
            SELECT 1 FROM "OutboxMessage" p
            WHERE p.destination = o.destination AND p.status = 'pending' AND p.seq < o.seq)
        ORDER BY o.seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      UPDATE "OutboxMessage" m SET "leaseUntil" = ${new Date(now.getTime() + leaseMs)}, attempts = m.attempts + 1
      FROM due WHERE m.id = due.id
      RETURNING m.id, m.seq, m.channel, m.destination, m.kind, m.payload, m."ticketId", m.attempts, due."expiredLease"`;
    const takenOver = rows.filter((row) => row.expiredLease !== null);
    if (takenOver.length > 0) {
      possibleDuplicates += takenOver.length;
      logger.warn(
        { outboxIds: takenOver.map((row) => row.id) },
        "taking over deliveries whose holder stopped mid-send: they may arrive twice",
      );
    }
    return rows.map(({ expiredLease: _, ...row }) => row);
  }

  const renewLease = (id: string) => () =>
    prisma.outboxMessage.update({ where: { id }, data: { leaseUntil: new Date(clock.now().getTime() + leaseMs) } });

  async function deliver(row: OutboxRow): Promise<void> {
    const sender = senders[row.channel];
    try {
      if (!sender) throw new DeliveryError("retry", `no sender for channel "${row.channel}" (is the channel configured?)`, 60_000);
      const result = await whileLeased(leaseMs, renewLease(row.id), () => sender.send(row));
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
      error instanceof DeliveryError && error.retryAfterMs !== undefined ? error.retryAfterMs : backoffMs(row.attempts, deps.random);
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
    possibleDuplicates: () => possibleDuplicates,
  };
}
