import type { Database } from "../db/database.js";
import { inTransaction } from "../db/transaction-scope.js";
import { enqueue } from "../delivery/store.js";
import { markHandledIn } from "../inbound/inbound-log.js";
import type { OutboundMessage } from "../kernel/outbound.js";
import { type DialogState, dialogStateSchema, initialState } from "./types.js";

/**
 * The conversation module's own table: the dialog state per chat (Conversation.state), so a restart
 * resumes where the customer was; and the answers, written to the outbox in the same transaction.
 */

export const destinationOf = (channel: string, chatId: string) => `${channel}:${chatId}`;

export async function loadState(db: Database, channel: string, chatId: string): Promise<DialogState> {
  const row = await db.prisma.conversation.findUnique({ where: { channel_chatId: { channel, chatId } } });
  const parsed = dialogStateSchema.safeParse(row?.state ?? {});
  // A state written by an older version that no longer parses starts over rather than failing the message.
  const state = parsed.success ? parsed.data : initialState();
  const later = await choicesSentBetweenTurns(db, destinationOf(channel, chatId));
  return later ? { ...state, choices: later } : state;
}

/**
 * A typed number answers the last list the customer read. The tickets module writes to the chat
 * between turns (a resolved request's rating stars): when its newest messages there came after the
 * dialog's own last answer and one offers choices, those are the choices a number picks.
 */
async function choicesSentBetweenTurns(db: Database, destination: string): Promise<string[] | undefined> {
  const rows = await db.prisma.outboxMessage.findMany({
    where: { destination, kind: { in: ["message", "reply"] } },
    orderBy: { seq: "desc" },
    take: 10,
    select: { payload: true, ticketId: true },
  });
  for (const row of rows) {
    // The dialog's own answers carry no ticket: its saved state already has their choices.
    if (row.ticketId === null) return undefined;
    const buttons = (row.payload as { message?: OutboundMessage }).message?.buttons?.flat() ?? [];
    if (buttons.length > 0) return buttons.map((b) => b.id);
  }
  return undefined;
}

/** Runs a whole turn in one transaction: everything the turn writes, here and in the tickets module, joins it. */
export const inOneTurn = <T>(db: Database, turn: () => Promise<T>): Promise<T> => inTransaction(db.prisma, turn);

/** One turn of a dialog: the state to keep and the answers to send, together or not at all. */
export async function saveTurn(
  db: Database,
  turn: { channel: string; chatId: string; customerId: string; state: DialogState; messages: OutboundMessage[]; now: Date },
): Promise<void> {
  const { channel, chatId, customerId } = turn;
  const state = JSON.parse(JSON.stringify(turn.state)) as object;
  await db.prisma.$transaction(async (tx) => {
    // The inbound event that caused this turn is done exactly when its answers are written.
    await markHandledIn(tx);
    await tx.conversation.upsert({
      where: { channel_chatId: { channel, chatId } },
      create: { channel, chatId, customerId, state },
      update: { customerId, state, version: { increment: 1 } },
    });
    await sendAll(tx, channel, chatId, turn.messages, turn.now);
  });
}

/** Messages to a chat that is not a customer dialog (a group), through the outbox. */
export async function sendNotice(db: Database, address: { channel: string; chatId: string }, message: OutboundMessage, now: Date) {
  await db.prisma.$transaction((tx) => sendAll(tx, address.channel, address.chatId, [message], now));
}

async function sendAll(tx: Parameters<typeof enqueue>[0], channel: string, chatId: string, messages: OutboundMessage[], now: Date) {
  for (const message of messages) {
    await enqueue(tx, { channel, destination: destinationOf(channel, chatId), kind: "message", payload: { message } }, now);
  }
}
