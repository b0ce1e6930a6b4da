import type { Api } from "grammy";
import type { ConversationEngine, InboundMessage } from "../../conversation/index.js";
import { pickLanguage } from "../../kernel/language.js";
import type { Logger } from "../../kernel/logger.js";
import type { Attachment } from "../../tickets/index.js";
import type { Downloaded, FileRef } from "./files.js";
import { type TelegramMessage, updateSchema } from "./update-schema.js";

export interface UpdateHandlerDeps {
  api: Api;
  engine: ConversationEngine;
  logger: Logger;
  download(file: FileRef): Promise<Downloaded>;
  maxFileMb: number;
  defaultLanguage: "vi" | "en";
}

/**
 * Turns one recorded Telegram update into a channel-neutral message for the engine. Buttons are
 * always answered (answerCallbackQuery); group chats are refused politely; what we cannot read
 * gets a polite answer or is ignored with a log line, never a crash.
 */
export function createUpdateHandler(deps: UpdateHandlerDeps) {
  const { api, engine, logger } = deps;

  return async function handleUpdate(payload: unknown): Promise<void> {
    const parsed = updateSchema.safeParse(payload);
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues.length }, "telegram update ignored: unexpected shape");
      return;
    }
    const update = parsed.data;
    if (update.callback_query) {
      const query = update.callback_query;
      try {
        await api.answerCallbackQuery(query.id);
      } catch (error) {
        // Too late or already answered: the choice itself still counts.
        logger.warn({ err: error, updateId: update.update_id }, "answerCallbackQuery failed");
      }
      const chat = query.message?.chat ?? { id: query.from.id, type: "private" };
      if (chat.type !== "private" || !query.data) return;
      await engine.handle({ ...identity(query.from, chat.id), choice: query.data });
      return;
    }
    const edited = update.edited_message;
    if (edited?.from && edited.chat.type === "private") {
      await engine.handle({ ...identity(edited.from, edited.chat.id), unsupported: "edited" });
      return;
    }
    const message = update.message;
    if (!message?.from) {
      logger.debug({ updateId: update.update_id }, "telegram update ignored: nothing a customer sent");
      return;
    }
    if (message.chat.type !== "private") {
      const language = pickLanguage(message.from.language_code, deps.defaultLanguage);
      await engine.notice({ channel: "telegram", chatId: String(message.chat.id) }, language, "telegram:groupRefused");
      return;
    }
    await engine.handle(await toInbound(message, message.from));
  };

  function identity(from: NonNullable<TelegramMessage["from"]>, chatId: number): InboundMessage {
    const displayName = [from.first_name, from.last_name].filter(Boolean).join(" ");
    return {
      channel: "telegram",
      chatId: String(chatId),
      user: { externalId: String(from.id), displayName, ...(from.language_code ? { languageCode: from.language_code } : {}) },
    };
  }

  async function toInbound(message: TelegramMessage, from: NonNullable<TelegramMessage["from"]>): Promise<InboundMessage> {
    const base = { ...identity(from, message.chat.id), platformMessageId: String(message.message_id) };
    const files = filesOf(message);
    const text = message.text ?? message.caption;
    if (text === undefined && files.length === 0) return { ...base, unsupported: "content" };
    const attachments: Attachment[] = [];
    const rejectedFiles: NonNullable<InboundMessage["rejectedFiles"]> = [];
    for (const file of files) {
      const result = await deps.download(file);
      if (result.ok) attachments.push(result.attachment);
      else rejectedFiles.push({ name: result.name, reason: result.reason, maxMb: deps.maxFileMb });
    }
    return {
      ...base,
      ...(text !== undefined ? { text } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
      ...(rejectedFiles.length > 0 ? { rejectedFiles } : {}),
    };
  }
}

/** The original photo (the last size) and a document, if any. */
function filesOf(message: TelegramMessage): FileRef[] {
  const files: FileRef[] = [];
  const photo = message.photo?.[message.photo.length - 1];
  if (photo)
    files.push({
      fileId: photo.file_id,
      name: `photo-${message.message_id}.jpg`,
      mimeType: "image/jpeg",
      ...(photo.file_size ? { size: photo.file_size } : {}),
    });
  const document = message.document;
  if (document) {
    files.push({
      fileId: document.file_id,
      name: document.file_name ?? `document-${message.message_id}`,
      mimeType: document.mime_type ?? "application/octet-stream",
      ...(document.file_size ? { size: document.file_size } : {}),
    });
  }
  return files;
}
