import type { SqlPart } from "../db/combined-statement.js";
import type { Database, Tx } from "../db/database.js";
import { sqlIn } from "../db/transaction-scope.js";
import type { OutboxRow } from "./outbox.js";
import type { PaceSlot, PaceStore } from "./pace.js";

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
  const [row] = await enqueueAll(tx, [entry], now);
  if (!row) throw new Error("the outbox row was not written");
  return row;
}

/**
 * Several messages in one statement, in order (VALUES rows take their seq one after another). Raw
 * SQL: a turn's answers are written on every message, and the ORM's query planning costs more CPU
 * than the database's work for rows this simple.
 */
export async function enqueueAll(tx: Tx, entries: OutboxEntry[], now: Date): Promise<{ id: string; seq: number }[]> {
  if (entries.length === 0) return [];
  const { text, params } = enqueuePart(entries, now);
  return sqlIn<{ id: string; seq: number }>(tx, text, params);
}

/** The insert of `enqueueAll` as a part of the caller's own statement (see `combined`); at least one entry. */
export function enqueuePart(entries: OutboxEntry[], now: Date): SqlPart {
  const params: unknown[] = [now.toISOString()];
  const rows = entries.map((entry) => {
    const at = params.push(entry.channel, entry.destination, entry.kind, JSON.stringify(entry.payload), entry.ticketId ?? null);
    const [channel, destination, kind, payload, ticketId] = [at - 4, at - 3, at - 2, at - 1, at];
    return `(gen_random_uuid()::text, $${channel}, $${destination}, $${kind}, $${payload}::jsonb, $${ticketId}, $1::timestamp, $1::timestamp)`;
  });
  return {
    text: `INSERT INTO "OutboxMessage" (id, channel, destination, kind, payload, "ticketId", "createdAt", "nextAttemptAt")
     VALUES ${rows.join(", ")} RETURNING id, seq`,
    params,
  };
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
      db.sql<OutboxRow & { takenOver: boolean }>(
        `WITH due AS (
           SELECT o.id, o."leaseUntil" IS NOT NULL AS "takenOver" FROM "OutboxMessage" o
           WHERE o.status = 'pending' AND o."nextAttemptAt" <= $1::timestamp
             AND (o."leaseUntil" IS NULL OR o."leaseUntil" < $1::timestamp)
             AND NOT EXISTS (
               SELECT 1 FROM "OutboxMessage" p
               WHERE p.destination = o.destination AND p.status = 'pending' AND p.seq < o.seq)
           ORDER BY o.seq LIMIT $3 FOR UPDATE SKIP LOCKED)
         UPDATE "OutboxMessage" m SET "leaseUntil" = $2::timestamp, attempts = m.attempts + 1
         FROM due WHERE m.id = due.id
         RETURNING m.id, m.seq, m.channel, m.destination, m.kind, m.payload, m."ticketId", m.attempts, due."takenOver"`,
        [now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), batch],
        { replan: true },
      ),
    renewLease: async (id: string, until: Date) => {
      await db.sql(`UPDATE "OutboxMessage" SET "leaseUntil" = $2::timestamp WHERE id = $1`, [id, until.toISOString()]);
    },
    /**
     * Right after the send, on its own: a mark that waited to go with others would widen what a crash
     * repeats (measured: twice the duplicate replies after kill -9 when marks were batched).
     */
    sent: async (id: string, platformMessageId: string | null, now: Date) => {
      await db.sql(
        `UPDATE "OutboxMessage" SET status = 'sent', "sentAt" = $2::timestamp, "platformMessageId" = $3, "leaseUntil" = NULL, "lastError" = NULL
         WHERE id = $1`,
        [id, now.toISOString(), platformMessageId],
      );
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
    /** Not sent yet, by the platform's pace: the attempt is not counted. */
    postpone: async (id: string, at: Date) => {
      await prisma.outboxMessage.update({ where: { id }, data: { leaseUntil: null, nextAttemptAt: at, attempts: { decrement: 1 } } });
    },
    pendingCount: () => prisma.outboxMessage.count({ where: { status: "pending" } }),
  };
}

/** How long an idle pace row is kept: long after it returned to rest. */
const PACE_REST_MS = 60 * 60_000;

/**
 * The pace rows (pace.ts). A send takes a slot of each of its limits, or of none: first every row is
 * read, and the longest wait is the answer; otherwise each slot is taken by one statement that moves
 * the row on only if it is still free (another instance may have taken it meanwhile), most shared
 * limit first so that a slot lost to a race wastes nothing.
 */
export function createPaceStore(db: Database): PaceStore {
  const latestFor = (slot: PaceSlot, now: Date) => new Date(now.getTime() + slot.burst * slot.intervalMs);
  const waitFor = (dueMs: number, slot: PaceSlot, now: Date) => Math.max(0, Math.ceil(dueMs - latestFor(slot, now).getTime()));
  // Times leave the database as epoch milliseconds: the columns hold UTC without a zone, which a driver would read as local time.
  const dueOf = (keys: string[]) =>
    db.sql<{ key: string; dueMs: number }>(
      `SELECT key, (extract(epoch FROM due) * 1000)::float8 AS "dueMs" FROM "OutboundPace" WHERE key = ANY($1::text[])`,
      [keys],
    );

  async function take(slot: PaceSlot, now: Date): Promise<number> {
    const taken = await db.sql(
      `INSERT INTO "OutboundPace" AS p (key, due) VALUES ($1, $2::timestamp)
       ON CONFLICT (key) DO UPDATE SET due = GREATEST(p.due, $3::timestamp) + $4::double precision * interval '1 millisecond'
       WHERE p.due <= $5::timestamp
       RETURNING key`,
      [
        slot.key,
        new Date(now.getTime() + slot.intervalMs).toISOString(),
        now.toISOString(),
        slot.intervalMs,
        latestFor(slot, now).toISOString(),
      ],
    );
    if (taken.length > 0) return 0;
    const [row] = await dueOf([slot.key]);
    return row ? Math.max(1, waitFor(row.dueMs, slot, now)) : 0;
  }

  return {
    async take(slots, now) {
      const rows = await dueOf(slots.map((s) => s.key));
      const waits = slots.map((slot) => {
        const row = rows.find((r) => r.key === slot.key);
        return row ? waitFor(row.dueMs, slot, now) : 0;
      });
      const longest = Math.max(0, ...waits);
      if (longest > 0) return longest;
      for (const slot of slots) {
        const wait = await take(slot, now);
        if (wait > 0) return wait;
      }
      return 0;
    },
    async prune(now) {
      await db.prisma.outboundPace.deleteMany({ where: { due: { lt: new Date(now.getTime() - PACE_REST_MS) } } });
    },
  };
}
