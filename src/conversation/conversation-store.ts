import type { Database, Tx } from "../db/database.js";
import { type DialogState, dialogStateSchema, initialState } from "./types.js";

/** Dialog state per chat in Conversation.state: a restart resumes where the customer was. */
export async function loadState(db: Database, channel: string, chatId: string): Promise<DialogState> {
  const row = await db.prisma.conversation.findUnique({ where: { channel_chatId: { channel, chatId } } });
  const parsed = dialogStateSchema.safeParse(row?.state ?? {});
  // A state written by an older version that no longer parses starts over rather than failing the message.
  return parsed.success ? parsed.data : initialState();
}

export async function saveState(tx: Tx, channel: string, chatId: string, customerId: string, state: DialogState): Promise<void> {
  const json = JSON.parse(JSON.stringify(state)) as object;
  await tx.conversation.upsert({
    where: { channel_chatId: { channel, chatId } },
    create: { channel, chatId, customerId, state: json },
    update: { customerId, state: json, version: { increment: 1 } },
  });
}
