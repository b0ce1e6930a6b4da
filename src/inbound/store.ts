import type { Database, Tx } from "../db/database.js";
import { sqlIn } from "../db/transaction-scope.js";

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

export function createInboundStore(db: Database) {
  const prisma = db.prisma;
  return {
    /** False when the event was recorded before (a platform's retry). */
    record: async (event: { source: string; dedupKey: string; partitionKey: string; payload: unknown }, now: Date): Promise<boolean> => {
      const rows = await db.sql<{ id: string }>(
        `INSERT INTO "InboundEvent" (id, source, "dedupKey", "partitionKey", payload, "receivedAt", "nextAttemptAt")
         VALUES (gen_random_uuid()::text, $1, $2, $3, $4::jsonb, $5::timestamp, $5::timestamp)
         ON CONFLICT (source, "dedupKey") DO NOTHING
         RETURNING id`,
        [event.source, event.dedupKey, event.partitionKey, JSON.stringify(event.payload), now.toISOString()],
      );
      return rows.length > 0;
    },
    /**
     * Takes the head of a partition that nobody holds: due, unleased (or its holder's lease ran out),
     * and with no earlier unfinished event in its partition; counts the attempt. SKIP LOCKED keeps
     * the workers of every instance off each other's rows.
     */
    claimNext: async (now: Date, leaseMs: number): Promise<ClaimedEvent | undefined> => {
      const rows = await db.sql<ClaimedEvent>(
        `UPDATE "InboundEvent" SET "leaseUntil" = $2::timestamp, attempts = attempts + 1
         WHERE id = (
           SELECT e.id FROM "InboundEvent" e
           WHERE e."processedAt" IS NULL AND e."failedAt" IS NULL AND e."nextAttemptAt" <= $1::timestamp
             AND (e."leaseUntil" IS NULL OR e."leaseUntil" < $1::timestamp)
             AND NOT EXISTS (
               SELECT 1 FROM "InboundEvent" p
               WHERE p."partitionKey" = e."partitionKey" AND p.seq < e.seq AND p."processedAt" IS NULL AND p."failedAt" IS NULL)
           ORDER BY e.seq LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING id, source, "dedupKey", payload, attempts`,
        [now.toISOString(), new Date(now.getTime() + leaseMs).toISOString()],
      );
      return rows[0];
    },
    renewLease: async (id: string, until: Date) => {
      await db.sql(`UPDATE "InboundEvent" SET "leaseUntil" = $2::timestamp WHERE id = $1`, [id, until.toISOString()]);
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
    pendingCount: () => prisma.inboundEvent.count({ where: { processedAt: null, failedAt: null } }),
  };
}

/** Marks an event done inside the transaction that writes its effects; throws when it is done already. */
export async function markProcessedIn(tx: Tx, id: string, now: Date): Promise<void> {
  const marked = await sqlIn(
    tx,
    `UPDATE "InboundEvent" SET "processedAt" = $2::timestamp, "leaseUntil" = NULL, "lastError" = NULL
     WHERE id = $1 AND "processedAt" IS NULL RETURNING id`,
    [id, now.toISOString()],
  );
  if (marked.length === 0) throw new Error(`inbound event ${id} was processed meanwhile by another worker`);
}
