import type { SqlPart } from "../db/combined-statement.js";
import type { Database, Tx } from "../db/database.js";
import { inTransaction, openTransactionOf, sqlIn } from "../db/transaction-scope.js";
import { inBatches } from "../kernel/batches.js";

/** The transaction of a handler that marks its event done with its effects. */
export type { Tx as HandlerTransaction } from "../db/database.js";

/** The inbound event log's table: every webhook's raw event, deduplicated by the platform's id. */
export type InboundDatabase = Database;

export interface ClaimedEvent {
  id: string;
  source: string;
  dedupKey: string;
  payload: unknown;
  attempts: number;
}

interface NewEvent {
  source: string;
  dedupKey: string;
  partitionKey: string;
  payload: unknown;
}

export function createInboundStore(db: Database) {
  const prisma = db.prisma;

  /** Whether each event is new, in order; rows take their `seq` in that order. */
  async function recordAll(entries: { event: NewEvent; now: Date }[]): Promise<boolean[]> {
    const column = <T>(pick: (entry: { event: NewEvent; now: Date }) => T) => entries.map(pick);
    const inserted = await db.sql<{ source: string; dedupKey: string }>(
      `INSERT INTO "InboundEvent" (id, source, "dedupKey", "partitionKey", payload, "receivedAt", "nextAttemptAt")
       SELECT gen_random_uuid()::text, e.source, e."dedupKey", e."partitionKey", e.payload::jsonb, e.at, e.at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamp[]) WITH ORDINALITY
         AS e(source, "dedupKey", "partitionKey", payload, at, n)
       ORDER BY e.n
       ON CONFLICT (source, "dedupKey") DO NOTHING
       RETURNING source, "dedupKey"`,
      [
        column((entry) => entry.event.source),
        column((entry) => entry.event.dedupKey),
        column((entry) => entry.event.partitionKey),
        column((entry) => JSON.stringify(entry.event.payload)),
        column((entry) => entry.now.toISOString()),
      ],
    );
    // The same event twice in one batch (a platform's retry overtaking the first try): only the first is new.
    const fresh = new Set(inserted.map((row) => `${row.source}\n${row.dedupKey}`));
    return entries.map(({ event }) => fresh.delete(`${event.source}\n${event.dedupKey}`));
  }
  const recordBatched = inBatches(recordAll);

  return {
    /**
     * False when the event was recorded before (a platform's retry). Webhooks that arrive while an
     * insert is under way are written together by the next one (one round trip and one commit for many).
     */
    record: (event: NewEvent, now: Date): Promise<boolean> =>
      openTransactionOf(prisma) ? recordAll([{ event, now }]).then(([isNew]) => isNew === true) : recordBatched({ event, now }),
    /**
     * Takes up to `limit` partition heads that nobody holds: due, unleased (or their holder's lease ran
     * out), each with no earlier unfinished event in its partition (so no two of one partition); counts
     * the attempt. SKIP LOCKED keeps the workers of every instance off each other's rows.
     */
    claimBatch: async (now: Date, leaseMs: number, limit: number): Promise<ClaimedEvent[]> =>
      db
        .sql<ClaimedEvent & { seq: string | number | bigint }>(
          `WITH heads AS (
           SELECT e.id FROM "InboundEvent" e
           WHERE e."processedAt" IS NULL AND e."failedAt" IS NULL AND e."nextAttemptAt" <= $1::timestamp
             AND (e."leaseUntil" IS NULL OR e."leaseUntil" < $1::timestamp)
             AND NOT EXISTS (
               SELECT 1 FROM "InboundEvent" p
               WHERE p."partitionKey" = e."partitionKey" AND p.seq < e.seq AND p."processedAt" IS NULL AND p."failedAt" IS NULL)
           ORDER BY e.seq LIMIT $3 FOR UPDATE SKIP LOCKED)
         UPDATE "InboundEvent" e SET "leaseUntil" = $2::timestamp, attempts = e.attempts + 1
         FROM heads WHERE e.id = heads.id
         RETURNING e.id, e.source, e."dedupKey", e.payload, e.attempts, e.seq`,
          [now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), limit],
          { replan: true },
        )
        .then((rows) => rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(({ seq: _seq, ...event }) => event)),
    /** Claimed but never started (a stopping process): free for any worker at once. */
    release: async (ids: string[]) => {
      await db.sql(
        `UPDATE "InboundEvent" SET "leaseUntil" = NULL, attempts = attempts - 1 WHERE id = ANY($1::text[]) AND "processedAt" IS NULL`,
        [ids],
      );
    },
    renewLeases: async (ids: string[], until: Date) => {
      await db.sql(`UPDATE "InboundEvent" SET "leaseUntil" = $2::timestamp WHERE id = ANY($1::text[])`, [ids, until.toISOString()]);
    },
    /** Done, unless it was marked already (with its effects, by `markProcessedIn`). */
    processed: async (id: string, now: Date) => {
      await db.sql(
        `UPDATE "InboundEvent" SET "processedAt" = $2::timestamp, "leaseUntil" = NULL, "lastError" = NULL
         WHERE id = $1 AND "processedAt" IS NULL`,
        [id, now.toISOString()],
      );
    },
    /**
     * Tried again at `retryAt`, or never again when `gaveUp` is set (kept for an operator). An event
     * whose effects committed with their mark before the failure stays done.
     */
    failed: async (id: string, error: string, retryAt: Date, gaveUp: Date | null) => {
      await prisma.inboundEvent.updateMany({
        where: { id, processedAt: null },
        data: { lastError: error, leaseUntil: null, nextAttemptAt: retryAt, ...(gaveUp ? { failedAt: gaveUp } : {}) },
      });
    },
    /** Not handled yet, and not for a fault (its channel is starting): due again at `at`, the attempt not counted. */
    postpone: async (id: string, at: Date) => {
      await db.sql(
        `UPDATE "InboundEvent" SET "leaseUntil" = NULL, "nextAttemptAt" = $2::timestamp, attempts = attempts - 1 WHERE id = $1 AND "processedAt" IS NULL`,
        [id, at.toISOString()],
      );
    },
    /** One transaction for several events' handlers: what they write through the database joins it. */
    inOneTransaction: (work: () => Promise<void>) => inTransaction(prisma, () => work()),
    /** See `InboundLog.once`: the record is written processed, in the transaction `work`'s use cases join. */
    once: <T extends { ok: boolean }>(source: string, key: string, now: Date, work: () => Promise<T>) =>
      inTransaction(prisma, async (): Promise<T | { ok: true; repeated: true }> => {
        const [first] = await db.sql<{ id: string }>(
          `INSERT INTO "InboundEvent" (id, source, "dedupKey", payload, "receivedAt", "nextAttemptAt", "processedAt")
           VALUES (gen_random_uuid()::text, $1, $2, '{}'::jsonb, $3::timestamp, $3::timestamp, $3::timestamp)
           ON CONFLICT (source, "dedupKey") DO NOTHING RETURNING id`,
          [source, key, now.toISOString()],
        );
        if (!first) return { ok: true, repeated: true };
        const result = await work();
        if (!result.ok) await db.sql(`DELETE FROM "InboundEvent" WHERE id = $1`, [first.id]);
        return result;
      }),
    pendingCount: () => prisma.inboundEvent.count({ where: { processedAt: null, failedAt: null } }),
    /** Which of these stored files an event not handled yet carries (`payload.attachments`: an upload, a mail's files). */
    filesInUnhandled: async (keys: string[]): Promise<Set<string>> => {
      const rows = await db.sql<{ key: string }>(
        `SELECT DISTINCT a->>'key' AS key FROM "InboundEvent" e, jsonb_array_elements(e.payload->'attachments') a
         WHERE e."processedAt" IS NULL AND jsonb_typeof(e.payload->'attachments') = 'array' AND a->>'key' = ANY($1::text[])`,
        [keys],
      );
      return new Set(rows.map((row) => row.key));
    },
    /** Deletes up to `limit` events handled, or given up, before `before`; how many went. */
    removeFinished: async (before: Date, limit: number): Promise<number> => {
      const cutoff = before.toISOString();
      // Two reads on the (processedAt, seq) index: the handled ones from the oldest, the given-up ones among the unhandled.
      const handled = await db.sql<{ id: string }>(
        `DELETE FROM "InboundEvent" WHERE id IN (
           SELECT id FROM "InboundEvent" WHERE "processedAt" < $1::timestamp ORDER BY "processedAt" LIMIT $2)
         RETURNING id`,
        [cutoff, limit],
      );
      const givenUp = await db.sql<{ id: string }>(
        `DELETE FROM "InboundEvent" WHERE id IN (
           SELECT id FROM "InboundEvent" WHERE "processedAt" IS NULL AND "failedAt" < $1::timestamp LIMIT $2)
         RETURNING id`,
        [cutoff, limit],
      );
      return handled.length + givenUp.length;
    },
  };
}

export type MarkPart = SqlPart;

/** Marks an event done in the transaction (or statement, see `combined`) that writes its effects. */
export function processedMarkPart(id: string, now: Date): MarkPart {
  return {
    text: `UPDATE "InboundEvent" SET "processedAt" = $2::timestamp, "leaseUntil" = NULL, "lastError" = NULL
     WHERE id = $1 AND "processedAt" IS NULL RETURNING id`,
    params: [id, now.toISOString()],
  };
}

/** The mark alone, in the handler's transaction: how many rows it marked. */
export async function runMark(tx: Tx, mark: MarkPart): Promise<number> {
  return (await sqlIn(tx, mark.text, mark.params)).length;
}

/** No row marked: another worker finished the event meanwhile (this one's lease ran out); the transaction must roll back. */
export function confirmProcessedMark(id: string, rows: number): void {
  if (rows === 0) throw new Error(`inbound event ${id} was processed meanwhile by another worker`);
}
