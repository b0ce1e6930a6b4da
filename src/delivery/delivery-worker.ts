import { DEFAULT_LEASE_MS, whileLeased } from "../jobs/lease.js";
import { createWorkerLoop } from "../jobs/worker-loop.js";
import { type BackoffPolicy, backoffMs } from "../kernel/backoff.js";
import type { Clock } from "../kernel/clock.js";
import { errorMessage } from "../kernel/errors.js";
import type { Logger } from "../kernel/logger.js";
import { DeliveryError, type OutboxRow, PARTS_DELIVERED, type Sender } from "./outbox.js";
import type { Pace } from "./pace.js";
import { createOutboxStore, type OutboxDatabase } from "./store.js";

/**
 * Sends outbox rows in order per destination; retries 429 after the platform's retry time and
 * 5xx / network errors with exponential backoff and jitter (never giving up on those); records
 * permanent errors as failed with the reason, and tells whoever keeps the ticket's timeline.
 */

const BATCH = 20;
const PRUNE_EVERY_MS = 10 * 60_000;
/** 5xx and network failures: from one second up to ten minutes, with jitter (several instances retry apart). */
export const DELIVERY_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 10 * 60_000 };

/** A row that will never be delivered, for the ticket's timeline. */
export interface DeliveryFailure {
  ticketId: string;
  outboxId: string;
  channel: string;
  kind: string;
  reason: string;
}

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

export function createDeliveryWorker(deps: {
  db: OutboxDatabase;
  senders: Record<string, Sender>;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  /** A row of a ticket failed permanently (the composition root records it on the ticket's timeline). */
  onPermanentFailure?: (failure: DeliveryFailure) => Promise<void>;
  leaseMs?: number;
  /** The platforms' pace (none: as fast as they answer). */
  pace?: Pace;
}): DeliveryWorker {
  const { senders, clock, logger } = deps;
  const store = createOutboxStore(deps.db);
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  let possibleDuplicates = 0;
  const loop = createWorkerLoop("delivery", () => deliverDue(), logger);
  /** The earliest moment a row postponed by the pace is due, with the timer that starts a round then. */
  let wake: { at: number; timer: NodeJS.Timeout } | undefined;
  let prunedAt = 0;

  /** Starts a round when a postponed row is due (between polls, so the achieved rate stays near the limit). */
  function wakeAt(at: number) {
    if (wake && wake.at <= at) return;
    if (wake) clearTimeout(wake.timer);
    const timer = setTimeout(() => {
      wake = undefined;
      loop.kick();
    }, at - clock.now().getTime());
    timer.unref();
    wake = { at, timer };
  }

  /** True when the row may go now; otherwise it is put back until the platform's pace allows it. */
  async function paced(row: OutboxRow): Promise<boolean> {
    if (!deps.pace) return true;
    const now = clock.now();
    const waitMs = await deps.pace.take(row, now);
    if (waitMs === 0) return true;
    await store.postpone(row.id, new Date(now.getTime() + waitMs));
    wakeAt(now.getTime() + waitMs);
    return false;
  }

  async function deliver(row: OutboxRow): Promise<void> {
    const sender = senders[row.channel];
    try {
      if (!sender) throw new DeliveryError("retry", `no sender for channel "${row.channel}" (is the channel configured?)`, 60_000);
      if (!(await paced(row))) return;
      const renew = () => store.renewLease(row.id, new Date(clock.now().getTime() + leaseMs));
      const result = await whileLeased(leaseMs, renew, () => sender.send(row));
      await store.sent(row.id, result.platformMessageId ?? null, clock.now());
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
        ? ({ ...row.payload, [PARTS_DELIVERED]: error.partsDone } as object)
        : undefined;
    if (permanent) {
      logger.warn({ outboxId: row.id, channel: row.channel, kind: row.kind, reason }, "delivery failed permanently");
      await store.failed(row.id, reason, progress);
      if (row.ticketId) {
        await deps.onPermanentFailure?.({ ticketId: row.ticketId, outboxId: row.id, channel: row.channel, kind: row.kind, reason });
      }
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
    await store.retryAt(row.id, new Date(clock.now().getTime() + retryAfter), reason, progress);
  }

  async function deliverDue(): Promise<number> {
    let attempted = 0;
    if (deps.pace && clock.now().getTime() - prunedAt > PRUNE_EVERY_MS) {
      prunedAt = clock.now().getTime();
      await deps.pace.prune(clock.now());
    }
    for (;;) {
      const batch = await store.claimBatch(clock.now(), leaseMs, BATCH);
      if (batch.length === 0) return attempted;
      const takenOver = batch.filter((row) => row.takenOver);
      if (takenOver.length > 0) {
        possibleDuplicates += takenOver.length;
        logger.warn(
          { outboxIds: takenOver.map((row) => row.id) },
          "taking over deliveries whose holder stopped mid-send: they may arrive twice",
        );
      }
      // Rows of one batch have distinct destinations: they can go out in parallel.
      await Promise.all(batch.map(deliver));
      attempted += batch.length;
    }
  }

  return {
    deliverDue,
    kick: loop.kick,
    start: (pollMs = 500) => loop.start(pollMs),
    stop: () => {
      if (wake) clearTimeout(wake.timer);
      wake = undefined;
      return loop.stop();
    },
    pendingCount: store.pendingCount,
    possibleDuplicates: () => possibleDuplicates,
  };
}
