import { AsyncLocalStorage } from "node:async_hooks";
import { ZodError } from "zod";
import { DEFAULT_LEASE_MS, whileLeased } from "../jobs/lease.js";
import { createWorkerLoop } from "../jobs/worker-loop.js";
import { type BackoffPolicy, backoffMs } from "../kernel/backoff.js";
import type { Clock } from "../kernel/clock.js";
import { errorMessage } from "../kernel/errors.js";
import type { Logger } from "../kernel/logger.js";
import { cleanDeep } from "../kernel/text.js";
import {
  type ClaimedEvent,
  confirmProcessedMark,
  createInboundStore,
  type HandlerTransaction,
  type InboundDatabase,
  type MarkPart,
  processedMarkPart,
  runMark,
} from "./store.js";

/**
 * The inbound event log: every webhook writes its raw event here (deduplicated by the platform's
 * id) before answering 200, and events are processed from here after the answer. A crash after
 * the answer loses nothing: unprocessed events are picked up at the next start.
 *
 * Each event belongs to a partition (one conversation). A partition's events are processed one
 * after another in arrival order, by whichever worker of whichever instance takes its head;
 * different partitions are processed in parallel by `concurrency` lanes per process.
 */

/**
 * An event that can never succeed, however often it is tried (a payload of a shape no handler can
 * read, a number beyond its column): thrown by a handler, the event is marked failed at once with
 * `reason` (a short stable code, the metric's label), never retried.
 */
export class PermanentInboundError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "PermanentInboundError";
  }
}

/**
 * Thrown by a handler whose channel cannot handle events yet (it is still starting): the event is
 * tried again shortly, with no error logged and no attempt counted, and its partition waits for it.
 */
export class NotReadyYet extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotReadyYet";
  }
}

/** How soon an event whose channel was not ready is tried again. */
const NOT_READY_RETRY_MS = 1000;

/** Why an event was given up: a permanent failure's reason, `invalid_payload` for a zod refusal, or tries used up. */
function permanentReason(error: unknown): string | undefined {
  if (error instanceof PermanentInboundError) return error.reason;
  if (error instanceof ZodError) return "invalid_payload";
  return undefined;
}

export type InboundHandler = (payload: unknown, event: { id: string; source: string; dedupKey: string }) => Promise<void>;

/** The conversation an event belongs to, read from its payload (a chat id, a visitor id…). */
export type PartitionKeyOf = (payload: unknown) => string | undefined;

/** True for an event whose handler may share its transaction with other events' (see `AppModule.shareTransaction`). */
export type SharesTransaction = (payload: unknown) => boolean;

export interface InboundLog {
  /** Throws when the database cannot take the event: the webhook must then answer 503 so the platform retries. */
  record(source: string, dedupKey: string, payload: unknown): Promise<"new" | "duplicate">;
  /** Processes every due event, each partition's in arrival order; returns how many were handled (by this call's round). */
  processDue(): Promise<number>;
  /** Processes in the background: right after each record, and by polling for retries. */
  start(pollMs?: number): void;
  stop(): Promise<void>;
  pendingCount(): Promise<number>;
  /**
   * Deletes the events handled, or given up, more than `KEEP_FINISHED_EVENTS_MS` ago: no platform
   * sends them again by then (a webhook that still did is refused as stale), and their payloads hold
   * customers' words, kept as messages of their tickets where they belong. How many went.
   */
  removeFinished(): Promise<number>;
  /** Which of these stored files an event not handled yet (or given up, kept for an operator) carries. */
  filesInUnhandled(keys: string[]): Promise<Set<string>>;
  /** Events marked failed by this process since it started, by source and reason (for /metrics). */
  failures(): { source: string; reason: string; count: number }[];
  /**
   * A request handled in the HTTP answer rather than from the log (a Slack modal submission), made
   * exactly-once the same way: `work`'s use cases join one transaction with a record of `key`, so the
   * same request again (a staff member submitting once more after an error they saw, though the first
   * went through) finds it done: `repeated`. A refusal (`ok: false`) is not kept: it may come back corrected.
   */
  once<T extends { ok: boolean }>(source: string, key: string, work: () => Promise<T>): Promise<T | { ok: true; repeated: true }>;
}

/** How long a handled event is kept, to recognise a platform's repeat of it. */
export const KEEP_FINISHED_EVENTS_MS = 30 * 24 * 60 * 60 * 1000;
const REMOVE_BATCH = 1000;

const MAX_ATTEMPTS = 8;
/** A failed handler is tried again after 2 s, 4 s, 8 s… (at most 5 minutes) until MAX_ATTEMPTS. */
const RETRY_BACKOFF: BackoffPolicy = { baseMs: 2000, maxMs: 300_000 };

/** The event a handler is working on, for `markHandledIn` (however deep in the handler it is called). */
const currentEvent = new AsyncLocalStorage<{ id: string; at: () => Date; marked: boolean }>();

/**
 * Marks the event being handled as processed inside the caller's transaction, so that its effects
 * (the answers written to the outbox, the conversation's state) and the mark commit together: a
 * retry after a crash finds it done and sends nothing twice. If another worker finished the event
 * meanwhile (this one's lease ran out), the update finds no row, throws, and the transaction rolls back.
 * Outside a handler (or for a handler that never calls it) the log marks the event after the handler.
 */
export async function markHandledIn(tx: HandlerTransaction): Promise<void> {
  const mark = handledMark();
  if (!mark) return;
  mark.confirm(await runMark(tx, mark.part));
}

/**
 * `markHandledIn` as a part of the caller's own statement (see `combined`): undefined outside a
 * handler, or when the event was marked already (a handler that commits twice marks with the first).
 * `confirm` takes the part's row count, and throws when it is 0 (the transaction must roll back).
 */
export function handledMark(): { part: MarkPart; confirm(rows: number): void } | undefined {
  const event = currentEvent.getStore();
  if (!event || event.marked) return undefined;
  return {
    part: processedMarkPart(event.id, event.at()),
    confirm(rows) {
      confirmProcessedMark(event.id, rows);
      event.marked = true;
    },
  };
}

export function createInboundLog(deps: {
  db: InboundDatabase;
  handlers: Record<string, InboundHandler>;
  /** By source; an event of a source without one shares a single partition with the rest of its source. */
  partitionKeys?: Record<string, PartitionKeyOf>;
  clock: Clock;
  logger: Logger;
  /** By source: events that may be handled several to a transaction (one commit for all). */
  shareTransaction?: Record<string, SharesTransaction>;
  /** Events handled in one transaction by a lane, at most (1: each alone). */
  eventsPerTransaction?: number;
  /** Events processed at once by this process (different partitions). */
  concurrency?: number;
  leaseMs?: number;
}): InboundLog {
  const { handlers, clock, logger } = deps;
  const store = createInboundStore(deps.db);
  const concurrency = deps.concurrency ?? 1;
  const eventsPerTransaction = deps.eventsPerTransaction ?? 1;
  const shares = (event: ClaimedEvent) => deps.shareTransaction?.[event.source]?.(event.payload) === true;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const loop = createWorkerLoop("inbound", () => processDue(), logger);

  function partitionOf(source: string, payload: unknown): string {
    const key = deps.partitionKeys?.[source]?.(payload);
    return key ? `${source}:${key}` : source;
  }

  const failureCounts = new Map<string, { source: string; reason: string; count: number }>();
  const countFailure = (source: string, reason: string) => {
    const key = `${source}\n${reason}`;
    const entry = failureCounts.get(key) ?? { source, reason, count: 0 };
    entry.count++;
    failureCounts.set(key, entry);
  };

  async function record(source: string, dedupKey: string, untrusted: unknown): Promise<"new" | "duplicate"> {
    // A platform cannot be told its text had a NUL or a lone surrogate: they are removed, the rest is kept.
    const payload = cleanDeep(untrusted);
    const partitionKey = partitionOf(source, payload);
    if (!(await store.record({ source, dedupKey, partitionKey, payload }, clock.now()))) return "duplicate";
    recorded++;
    setImmediate(wake);
    return "new";
  }

  /**
   * Claimed heads not yet taken by a lane. One statement claims several heads (of different
   * partitions) for the lanes that are free or about to be; a head waits here at most as long as a
   * lane takes to finish an event, far less than its lease.
   */
  const claimed: { event: ClaimedEvent; at: number }[] = [];
  /**
   * The claim under way, which lanes with nothing to do share. `after`: events this process had
   * finished when it began; `recordedBefore`: events it had recorded; `complete`: it took every head
   * that was due (fewer than it asked for).
   */
  let claiming: Promise<{ after: number; recordedBefore: number; complete: boolean }> | undefined;
  /** Events this process has finished (their effects committed): a claim begun before one of them may have missed its successor. */
  let finished = 0;
  /** Events this process has recorded: a claim begun before one of them may have missed it. */
  let recorded = 0;
  let stopping = false;

  /**
   * The next head for a lane, or undefined when nothing is due (or the log is stopping). A lane whose
   * claim found heads that other lanes took ends when that claim saw everything due: it took fewer
   * than it asked for, and began after this lane's last event finished (`done`: the events finished
   * then; before, it may have missed that event's successor in its partition) and after the last
   * event recorded here. Otherwise the lane claims again.
   */
  async function nextEvent(done: number): Promise<ClaimedEvent | undefined> {
    for (;;) {
      if (stopping) return undefined;
      const entry = claimed.shift();
      if (entry) return fresh(entry);
      claiming ??= claimBatch().finally(() => {
        claiming = undefined;
      });
      const claim = await claiming;
      if (claimed.length === 0 && claim.complete && claim.after >= done && claim.recordedBefore === recorded) return undefined;
    }
  }

  /** A head held here longer than a third of its lease (a slow handler ahead of it) is renewed before it starts. */
  async function fresh(entry: { event: ClaimedEvent; at: number }): Promise<ClaimedEvent> {
    if (clock.now().getTime() - entry.at > leaseMs / 3) await renew([entry.event]);
    return entry.event;
  }

  /** With a head that may share its transaction: more claimed heads that may, up to `eventsPerTransaction` in all. */
  async function companionsOf(event: ClaimedEvent): Promise<ClaimedEvent[]> {
    if (eventsPerTransaction <= 1 || !shares(event)) return [];
    const taken: ClaimedEvent[] = [];
    for (let i = 0; i < claimed.length && taken.length < eventsPerTransaction - 1; ) {
      const entry = claimed[i];
      if (entry && shares(entry.event)) {
        claimed.splice(i, 1);
        taken.push(await fresh(entry));
      } else i++;
    }
    return taken;
  }

  async function claimBatch(): Promise<{ after: number; recordedBefore: number; complete: boolean }> {
    const [after, recordedBefore] = [finished, recorded];
    const now = clock.now();
    const limit = concurrency * eventsPerTransaction;
    const events = await store.claimBatch(now, leaseMs, limit);
    for (const event of events) claimed.push({ event, at: now.getTime() });
    return { after, recordedBefore, complete: events.length < limit };
  }

  const renew = (events: ClaimedEvent[]) =>
    store.renewLeases(
      events.map((event) => event.id),
      new Date(clock.now().getTime() + leaseMs),
    );

  /**
   * `work` on `events` under their leases. Called outside any transaction: the renewals then commit
   * at once, where other instances see them (inside a shared transaction they would not until its end).
   */
  const leased = (events: ClaimedEvent[], work: () => Promise<void>) => whileLeased(leaseMs, () => renew(events), work);

  /** Runs the event's handler and marks it processed (with its effects, or right after them). */
  async function handleEvent(event: ClaimedEvent): Promise<void> {
    const handler = handlers[event.source];
    if (!handler) throw new Error(`no handler for source "${event.source}"`);
    const handling = { id: event.id, at: () => clock.now(), marked: false };
    await currentEvent.run(handling, () => handler(event.payload, { id: event.id, source: event.source, dedupKey: event.dedupKey }));
    // Handlers that did not mark the event with their own effects: marked now (one round trip saved otherwise).
    if (!handling.marked) await store.processed(event.id, clock.now());
  }

  /**
   * Several events in one transaction: their effects and marks commit together, one commit for all.
   * If one fails, the transaction leaves nothing, and each is handled again on its own, so only that
   * one fails (and is retried as usual).
   */
  async function processTogether(events: ClaimedEvent[]): Promise<void> {
    try {
      await leased(events, () =>
        store.inOneTransaction(async () => {
          for (const event of events) await handleEvent(event);
        }),
      );
    } catch (error) {
      logger.debug({ err: error, events: events.length }, "events sharing a transaction failed: each is handled on its own");
      for (const event of events) await processOne(event);
    }
  }

  async function processOne(event: ClaimedEvent): Promise<void> {
    try {
      await leased([event], () => handleEvent(event));
    } catch (error) {
      if (error instanceof NotReadyYet) {
        logger.debug({ eventId: event.id, source: event.source, reason: error.message }, "inbound event waits for its channel");
        await store.postpone(event.id, new Date(clock.now().getTime() + NOT_READY_RETRY_MS));
        return;
      }
      const permanent = permanentReason(error);
      const giveUp = permanent !== undefined || event.attempts >= MAX_ATTEMPTS;
      const reason = permanent ?? (giveUp ? "attempts_exhausted" : undefined);
      const delayMs = backoffMs(event.attempts, RETRY_BACKOFF);
      if (permanent) {
        // The sender's fault, not ours: one warning, no stack, and the operator finds it failed with its reason.
        logger.warn(
          { eventId: event.id, source: event.source, dedupKey: event.dedupKey, reason, error: errorMessage(error).slice(0, 500) },
          "inbound event failed for good: it can never be processed",
        );
      } else {
        logger.error(
          { err: error, eventId: event.id, source: event.source, attempts: event.attempts, giveUp },
          "inbound event processing failed",
        );
      }
      const now = clock.now();
      const lastError = `${reason ? `${reason}: ` : ""}${errorMessage(error)}`.slice(0, 2000);
      await store.failed(event.id, lastError, new Date(now.getTime() + delayMs), giveUp ? now : null);
      if (reason) countFailure(event.source, reason);
    }
  }

  /**
   * The lanes of the round under way: each takes heads one after another and lets timers, I/O and
   * HTTP requests run in between (a chain of awaits that the database answers at once never yields).
   * A lane ends when nothing is due; events recorded meanwhile bring the ended lanes back.
   */
  let round: { spawn(): void; done: Promise<number> } | undefined;

  function startRound(): { spawn(): void; done: Promise<number> } {
    let lanes = 0;
    let handled = 0;
    let failure: unknown;
    let finish: (handled: number) => void = () => undefined;
    let fail: (error: unknown) => void = () => undefined;
    const done = new Promise<number>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    const lane = async () => {
      for (let event = await nextEvent(finished); event; event = await nextEvent(finished)) {
        const companions = await companionsOf(event);
        if (companions.length === 0) await processOne(event);
        else await processTogether([event, ...companions]);
        handled += 1 + companions.length;
        finished += 1 + companions.length;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    };
    const spawn = () => {
      while (lanes < concurrency) {
        lanes++;
        lane()
          .catch((error: unknown) => {
            failure ??= error;
          })
          .finally(() => {
            if (--lanes > 0) return;
            if (round?.done === done) round = undefined;
            if (failure === undefined) finish(handled);
            else fail(failure);
          });
      }
    };
    return { spawn, done };
  }

  /** Until nothing is due: joins the round under way, if any, and brings its ended lanes back. */
  function processDue(): Promise<number> {
    if (!round) round = startRound();
    round.spawn();
    return round.done;
  }

  function wake() {
    if (round) round.spawn();
    else loop.kick();
  }

  async function stop() {
    stopping = true;
    await loop.stop();
    await round?.done.catch(() => undefined);
    // Heads claimed but not started: free at once for another instance, not when their lease runs out.
    const unstarted = claimed.splice(0).map((entry) => entry.event.id);
    if (unstarted.length > 0) await store.release(unstarted);
  }

  return {
    record,
    processDue,
    start: (pollMs = 1000) => {
      stopping = false;
      loop.start(pollMs);
    },
    stop,
    pendingCount: store.pendingCount,
    filesInUnhandled: store.filesInUnhandled,
    async removeFinished() {
      const before = new Date(clock.now().getTime() - KEEP_FINISHED_EVENTS_MS);
      let removed = 0;
      for (;;) {
        const round = await store.removeFinished(before, REMOVE_BATCH);
        removed += round;
        if (round < REMOVE_BATCH) return removed;
      }
    },
    failures: () => [...failureCounts.values()].map((entry) => ({ ...entry })),
    once: (source, key, work) => store.once(source, key, clock.now(), work),
  };
}
