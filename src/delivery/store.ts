import type { Database, Tx } from "../db/database.js";
import type { OutboxRow } from "./outbox.js";

/** The outbox table: written in the callers' transactions, read and updated by the delivery worker. */
export type OutboxDatabase = Database;

/** A message to write: its outbox row is sent after the transaction commits. */
export interface OutboxEntry {
  /** The sender that delivers it: telegram, slack, zalo, webchat, email… */
  channel: string;
  /** Ordering key: entries to one destination leave in the order they were written. */
  destination: string;
  /** What to do, interpreted by the channel's sender (sendMessage, postCard, updateCard…). */
  kind: string;
  payload: Record<string, unknown>;
  ticketId?: string;
}

export async function enqueue(tx: Tx, entry: OutboxEntry, now: Date): Promise<{ id: string; seq: number }> {
  return tx.outboxMessage.create({
    data: {
      channel: entry.channel,
      destination: entry.destination,
      kind: entry.kind,
      payload: entry.payload as object,
      ticketId: entry.ticketId ?? null,
      createdAt: now,
      nextAttemptAt: now,
    },
    select: { id: true, seq: true },
  });
}

/** The delivery worker's side of the table. */
export function createOutboxStore(db: Database) {
  const prisma = db.prisma;
  return {
    /**
     * Leases the head of each destination's line that is due (`leaseMs` from now), so no other worker
     * sends it, and counts the attempt: rows of one batch have distinct destinations. `takenOver`: the
     * row's earlier lease ran out without a result (its holder died or hung mid-send).
     */
    claimBatch: (now: Date, leaseMs: number, batch: number) =>
      prisma.$queryRaw<(OutboxRow & { takenOver: boolean })[]>`
        WITH due AS (
          SELECT o.id, o."leaseUntil" IS NOT NULL AS "takenOver" FROM "OutboxMessage" o
          WHERE o.status = 'pending' AND o."nextAttemptAt" <= ${now}
            AND (o."leaseUntil" IS NULL OR o."leaseUntil" < ${now})
            AND NOT EXISTS (
              SELECT 1 FROM "OutboxMessage" p
              WHERE p.destination = o.destination AND p.status = 'pending' AND p.seq < o.seq)
          ORDER BY o.seq LIMIT ${batch} FOR UPDATE SKIP LOCKED)
        UPDATE "OutboxMessage" m SET "leaseUntil" = ${new Date(now.getTime() + leaseMs)}, attempts = m.attempts + 1
        FROM due WHERE m.id = due.id
        RETURNING m.id, m.seq, m.channel, m.destination, m.kind, m.payload, m."ticketId", m.attempts, due."takenOver"`,
    renewLease: async (id: string, until: Date) => {
      await prisma.outboxMessage.update({ where: { id }, data: { leaseUntil: until } });
    },
    sent: async (id: string, platformMessageId: string | null, now: Date) => {
      await prisma.outboxMessage.update({
        where: { id },
        data: { status: "sent", sentAt: now, platformMessageId, leaseUntil: null, lastError: null },
      });
    },
    /** Will never be delivered: kept, with the reason (and the parts that did go out). */
    failed: async (id: string, reason: string, payload?: object) => {
      await prisma.outboxMessage.update({
        where: { id },
        data: { status: "failed", lastError: reason, leaseUntil: null, ...(payload ? { payload } : {}) },
      });
    },
    retryAt: async (id: string, at: Date, reason: string, payload?: object) => {
      await prisma.outboxMessage.update({
        where: { id },
        data: { lastError: reason, leaseUntil: null, nextAttemptAt: at, ...(payload ? { payload } : {}) },
      });
    },
    pendingCount: () => prisma.outboxMessage.count({ where: { status: "pending" } }),
  };
}
