import type { Database } from "../db/database.js";

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
    record: async (source: string, dedupKey: string, payload: unknown, now: Date): Promise<boolean> => {
      const rows = await prisma.$queryRaw<{ id: string }[]>`
        INSERT INTO "InboundEvent" (id, source, "dedupKey", payload, "receivedAt", "nextAttemptAt")
        VALUES (gen_random_uuid()::text, ${source}, ${dedupKey}, ${JSON.stringify(payload)}::jsonb, ${now}, ${now})
        ON CONFLICT (source, "dedupKey") DO NOTHING
        RETURNING id`;
      return rows.length > 0;
    },
    /** Takes the oldest due event under a lease, so several instances never process one twice; counts the attempt. */
    claimNext: async (now: Date, leaseMs: number): Promise<ClaimedEvent | undefined> => {
      const rows = await prisma.$queryRaw<ClaimedEvent[]>`
        UPDATE "InboundEvent" SET "leaseUntil" = ${new Date(now.getTime() + leaseMs)}, attempts = attempts + 1
        WHERE id = (
          SELECT id FROM "InboundEvent"
          WHERE "processedAt" IS NULL AND "failedAt" IS NULL AND "nextAttemptAt" <= ${now}
            AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})
          ORDER BY "receivedAt", id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, source, "dedupKey", payload, attempts`;
      return rows[0];
    },
    processed: async (id: string, now: Date) => {
      await prisma.inboundEvent.update({ where: { id }, data: { processedAt: now, leaseUntil: null, lastError: null } });
    },
    /** Tried again at `retryAt`, or never again when `gaveUp` is set (kept for an operator). */
    failed: async (id: string, error: string, retryAt: Date, gaveUp: Date | null) => {
      await prisma.inboundEvent.update({
        where: { id },
        data: { lastError: error, leaseUntil: null, nextAttemptAt: retryAt, ...(gaveUp ? { failedAt: gaveUp } : {}) },
      });
    },
    pendingCount: () => prisma.inboundEvent.count({ where: { processedAt: null, failedAt: null } }),
  };
}
