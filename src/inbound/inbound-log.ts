import { createWorkerLoop } from "../jobs/worker-loop.js";
import { type BackoffPolicy, backoffMs } from "../kernel/backoff.js";
import type { Clock } from "../kernel/clock.js";
import { errorMessage } from "../kernel/errors.js";
import type { Logger } from "../kernel/logger.js";
import { createInboundStore, type InboundDatabase } from "./store.js";

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
  db: InboundDatabase;
  handlers: Record<string, InboundHandler>;
  clock: Clock;
  logger: Logger;
}): InboundLog {
  const { handlers, clock, logger } = deps;
  const store = createInboundStore(deps.db);
  const loop = createWorkerLoop("inbound", () => processDue(), logger);

  async function record(source: string, dedupKey: string, payload: unknown): Promise<"new" | "duplicate"> {
    if (!(await store.record(source, dedupKey, payload, clock.now()))) return "duplicate";
    setImmediate(loop.kick);
    return "new";
  }

  async function processOne(): Promise<boolean> {
    const event = await store.claimNext(clock.now(), LEASE_MS);
    if (!event) return false;
    const handler = handlers[event.source];
    try {
      if (!handler) throw new Error(`no handler for source "${event.source}"`);
      await handler(event.payload, { id: event.id, source: event.source, dedupKey: event.dedupKey });
      await store.processed(event.id, clock.now());
    } catch (error) {
      const giveUp = event.attempts >= MAX_ATTEMPTS;
      const delayMs = backoffMs(event.attempts, RETRY_BACKOFF);
      logger.error(
        { err: error, eventId: event.id, source: event.source, attempts: event.attempts, giveUp },
        "inbound event processing failed",
      );
      const now = clock.now();
      await store.failed(event.id, errorMessage(error).slice(0, 2000), new Date(now.getTime() + delayMs), giveUp ? now : null);
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
    pendingCount: store.pendingCount,
  };
}
