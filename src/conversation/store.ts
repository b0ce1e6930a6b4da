import { combined, type SqlPart } from "../db/combined-statement.js";
import type { Database } from "../db/database.js";
import { afterCommit, inTransaction, sqlIn } from "../db/transaction-scope.js";
import { enqueueAll, enqueuePart } from "../delivery/store.js";
import { handledMark } from "../inbound/inbound-log.js";
import type { OutboundMessage } from "../kernel/outbound.js";
import { type DialogState, dialogStateSchema, initialState } from "./types.js";

/**
 * The conversation module's own table: the dialog state per chat (Conversation.state), so a restart
 * resumes where the customer was; and the answers, written to the outbox in the same transaction.
 */

export const destinationOf = (channel: string, chatId: string) => `${channel}:${chatId}`;

/** A chat's dialog state as read at the start of a turn, with the version the turn's save expects. */
export interface LoadedState {
  state: DialogState;
  /** null: the chat has no row yet. */
  version: number | null;
}

/**
 * The read of a chat's state, with what a typed number answers: the last list the customer read. The
 * tickets module writes to the chat between turns (a resolved request's rating stars): when its newest
 * message with choices came after the dialog's own last answer, those are the choices. One row; it
 * rides along with the turn's first statement (see `identifyCustomer`), its result to `loadedState`.
 */
export function stateRead(channel: string, chatId: string): SqlPart {
  return {
    text: `SELECT c.state, c.version, (
       SELECT o.payload->'message'->'buttons' FROM "OutboxMessage" o
       WHERE o.destination = $3 AND o.kind IN ('message', 'reply') AND o."ticketId" IS NOT NULL
         AND jsonb_array_length(COALESCE(o.payload->'message'->'buttons', '[]'::jsonb)) > 0
         AND o.seq > COALESCE((
           SELECT max(d.seq) FROM "OutboxMessage" d
           WHERE d.destination = $3 AND d.kind IN ('message', 'reply') AND d."ticketId" IS NULL), 0)
       ORDER BY o.seq DESC LIMIT 1) AS "laterChoices"
     FROM (VALUES (1)) AS one LEFT JOIN "Conversation" c ON c.channel = $1 AND c."chatId" = $2`,
    params: [channel, chatId, destinationOf(channel, chatId)],
  };
}

/** The state as `stateRead` found it (its row, or nothing). */
export function loadedState(row: Record<string, unknown> | null | undefined): LoadedState {
  const parsed = dialogStateSchema.safeParse(row?.state ?? {});
  // A state written by an older version that no longer parses starts over rather than failing the message.
  const state = parsed.success ? parsed.data : initialState();
  const later = (row?.laterChoices as { id: string }[][] | null | undefined)?.flat().map((button) => button.id);
  const version = typeof row?.version === "number" ? row.version : null;
  return { state: later?.length ? { ...state, choices: later } : state, version };
}

/** Another turn of the same chat saved first: this one rolls back and its event is tried again. */
export class ConversationConflict extends Error {
  constructor(channel: string, chatId: string) {
    super(`the conversation ${channel}:${chatId} changed during the turn`);
  }
}

/** Runs a whole turn in one transaction: everything the turn writes, here and in the tickets module, joins it. */
export const inOneTurn = <T>(db: Database, turn: () => Promise<T>): Promise<T> => inTransaction(db.prisma, turn);

/** Once the turn's transaction has committed (it may be shared with other turns): at once when none is open. */
export const whenCommitted = (db: Database, hook: () => void): void => afterCommit(db.prisma, hook);

/**
 * One turn of a dialog: the state to keep and the answers to send, together or not at all. The save
 * is a compare-and-set on the version read at the start, a second guard behind the inbound log's
 * one-turn-at-a-time per chat.
 */
export async function saveTurn(
  db: Database,
  turn: {
    channel: string;
    chatId: string;
    customerId: string;
    state: DialogState;
    readVersion: number | null;
    messages: OutboundMessage[];
    now: Date;
  },
): Promise<void> {
  const { channel, chatId, customerId, now } = turn;
  // The inbound event that caused this turn is done exactly when its answers are written: the state,
  // the answers and the event's mark go in one statement (one round trip), in the turn's transaction.
  const mark = handledMark();
  const answers = toChat(channel, chatId, turn.messages);
  const { text, params } = combined({
    saved: {
      text: `INSERT INTO "Conversation" AS c (id, channel, "chatId", "customerId", state, version, "updatedAt")
       VALUES (gen_random_uuid()::text, $1, $2, $3, $4::jsonb, 0, $5::timestamp)
       ON CONFLICT (channel, "chatId") DO UPDATE
         SET "customerId" = EXCLUDED."customerId", state = EXCLUDED.state, version = c.version + 1, "updatedAt" = EXCLUDED."updatedAt"
         WHERE c.version = $6
       RETURNING version`,
      params: [channel, chatId, customerId, JSON.stringify(turn.state), now.toISOString(), turn.readVersion ?? -1],
    },
    ...(mark ? { marked: mark.part } : {}),
    ...(answers.length > 0 ? { answers: enqueuePart(answers, now) } : {}),
  });
  await inTransaction(db.prisma, async (tx) => {
    const [counts] = await sqlIn<{ saved: number; marked?: number }>(tx, text, params);
    if (!counts?.saved) throw new ConversationConflict(channel, chatId);
    mark?.confirm(counts.marked ?? 0);
  });
}

/** Messages to a chat that is not a customer dialog (a group), through the outbox. */
export async function sendNotice(db: Database, address: { channel: string; chatId: string }, message: OutboundMessage, now: Date) {
  await db.prisma.$transaction((tx) => enqueueAll(tx, toChat(address.channel, address.chatId, [message]), now));
}

/** Messages to a chat as outbox entries. */
function toChat(channel: string, chatId: string, messages: OutboundMessage[]) {
  const destination = destinationOf(channel, chatId);
  return messages.map((message) => ({ channel, destination, kind: "message", payload: { message } }));
}

/** Which of these stored files a request still being written holds (attached, not yet sent with it). */
export async function filesInDrafts(db: Database, keys: string[]): Promise<Set<string>> {
  const rows = await db.sql<{ key: string }>(
    `SELECT DISTINCT a->>'key' AS key FROM "Conversation" c, jsonb_array_elements(c.state->'intake'->'attachments') a
     WHERE jsonb_typeof(c.state->'intake'->'attachments') = 'array' AND a->>'key' = ANY($1::text[])`,
    [keys],
  );
  return new Set(rows.map((row) => row.key));
}
