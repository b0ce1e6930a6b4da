import { Composer, type Context } from "grammy";
import type { Message, User } from "grammy/types";
import type { ConversationEngine, InboundMessage } from "../../conversation/index.js";
import { pickLanguage } from "../../kernel/language.js";
import type { Logger } from "../../kernel/logger.js";
import type { Attachment } from "../../tickets/index.js";
import type { Downloaded, FileRef } from "./files.js";

/** The update kinds the composer reads: what getUpdates and setWebhook ask Telegram for. */
export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query"] as const;

export interface UpdateComposerDeps {
  engine: ConversationEngine;
  logger: Logger;
  download(file: FileRef): Promise<Downloaded>;
  maxFileMb: number;
  defaultLanguage: "vi" | "en";
}

/**
 * What the bot does with one recorded update, as grammY filter queries: each turns a Telegram
 * update into a channel-neutral message for the conversation engine (a button press was answered
 * to Telegram when it was received: by the webhook's response, or by the poller). Group chats are
 * refused politely; what we cannot read gets a polite answer or is ignored with a log line, never a crash.
 */
export function createUpdateComposer(deps: UpdateComposerDeps): Composer<Context> {
  const { engine, logger } = deps;
  const composer = new Composer<Context>();

  composer.on("callback_query:data", async (ctx) => {
    // A button under an inline message has no chat: it was pressed by the user, so it is their private chat.
    const chat = ctx.chat ?? { id: ctx.from.id, type: "private" };
    if (chat.type !== "private") return;
    await engine.handle({ ...identity(ctx.from, chat.id), choice: ctx.callbackQuery.data });
  });

  const direct = composer.chatType("private");
  direct.on("edited_message", (ctx) => engine.handle({ ...identity(ctx.from, ctx.chat.id), unsupported: "edited" }));
  direct.on("message:text", (ctx) => engine.handle({ ...sent(ctx.message, ctx.from), text: ctx.message.text }));
  direct.on(["message:photo", "message:document"], async (ctx) => engine.handle(await withFile(ctx.message, ctx.from)));
  // Other media with a caption (a video, a voice note): the caption is what we can pass on.
  direct.on("message:caption", (ctx) => engine.handle({ ...sent(ctx.message, ctx.from), text: ctx.message.caption }));
  direct.on("message", (ctx) => engine.handle({ ...sent(ctx.message, ctx.from), unsupported: "content" }));

  composer.chatType(["group", "supergroup"]).on("message", async (ctx) => {
    const language = pickLanguage(ctx.from?.language_code, deps.defaultLanguage);
    await engine.notice({ channel: "telegram", chatId: String(ctx.chat.id) }, language, "telegram:groupRefused");
  });

  composer.use((ctx) => logger.debug({ updateId: ctx.update.update_id }, "telegram update ignored: nothing a customer sent"));
  return composer;

  function identity(from: User, chatId: number): InboundMessage {
    const displayName = [from.first_name, from.last_name].filter(Boolean).join(" ");
    return {
      channel: "telegram",
      chatId: String(chatId),
      user: { externalId: String(from.id), displayName, ...(from.language_code ? { languageCode: from.language_code } : {}) },
    };
  }

  function sent(message: Message, from: User): InboundMessage {
    return { ...identity(from, message.chat.id), platformMessageId: String(message.message_id) };
  }

  async function withFile(message: Message, from: User): Promise<InboundMessage> {
    const file = fileOf(message);
    const result = file ? await deps.download(file) : undefined;
    return {
      ...sent(message, from),
      ...(message.caption !== undefined ? { text: message.caption } : {}),
      ...(result?.ok ? { attachments: [result.attachment] satisfies Attachment[] } : {}),
      ...(result && !result.ok ? { rejectedFiles: [{ name: result.name, reason: result.reason, maxMb: deps.maxFileMb }] } : {}),
    };
  }
}

/** The original photo (the last size) or the document. */
function fileOf(message: Message): FileRef | undefined {
  const photo = message.photo?.at(-1);
  if (photo) {
    return {
      fileId: photo.file_id,
      name: `photo-${message.message_id}.jpg`,
      mimeType: "image/jpeg",
      ...(photo.file_size ? { size: photo.file_size } : {}),
    };
  }
  const document = message.document;
  if (!document) return undefined;
  return {
    fileId: document.file_id,
    name: document.file_name ?? `document-${message.message_id}`,
    mimeType: document.mime_type ?? "application/octet-stream",
    ...(document.file_size ? { size: document.file_size } : {}),
  };
}
