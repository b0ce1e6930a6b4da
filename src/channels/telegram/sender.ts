import { type Api, GrammyError, HttpError, InputFile } from "grammy";
import type { InlineKeyboardButton, Message } from "grammy/types";
import { renderMessage } from "../../conversation/index.js";
import { attachmentBytes } from "../../delivery/attachment-bytes.js";
import { DeliveryError, type OutboxRow, partsDelivered, type Sender } from "../../delivery/outbox.js";
import type { Translator } from "../../i18n/i18n.js";
import type { Logger } from "../../kernel/logger.js";
import type { OutboundAttachment, OutboundMessage } from "../../kernel/outbound.js";
import { splitText } from "../../kernel/split-text.js";

const CALLBACK_DATA_BYTES = 64;
/** Telegram takes photos up to 10 MB through sendPhoto; other images go as documents. */
const PHOTO_TYPES = new Set(["image/jpeg", "image/png"]);
const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** One Bot API call of a message: a piece of its text, or one of its files. */
type Part = { text: string; keyboard: InlineKeyboardButton[][] } | { file: OutboundAttachment };

/**
 * Delivers outbox rows for Telegram: "message" and "reply" rows carry a channel-neutral OutboundMessage.
 * The text goes first (split at 4096 characters, the buttons on its last piece), then each file as
 * an upload. A retried row resumes at the first part that did not go out.
 */
export function createTelegramSender(deps: { api: Api; translator: Promise<Translator>; logger: Logger; dataDir: string }): Sender {
  async function sendPart(chatId: string, part: Part): Promise<Message> {
    if ("text" in part)
      return deps.api.sendMessage(chatId, part.text, part.keyboard.length > 0 ? { reply_markup: { inline_keyboard: part.keyboard } } : {});
    return sendFile(chatId, part.file);
  }

  async function sendFile(chatId: string, file: OutboundAttachment): Promise<Message> {
    const bytes = await attachmentBytes(deps.dataDir, file);
    if (PHOTO_TYPES.has(file.mimeType) && bytes.length <= PHOTO_MAX_BYTES) {
      try {
        return await deps.api.sendPhoto(chatId, new InputFile(bytes, file.name));
      } catch (error) {
        // A picture Telegram will not take as a photo (dimensions, format) still reaches the customer as a file.
        if (!(error instanceof GrammyError && error.error_code === 400)) throw error;
      }
    }
    return deps.api.sendDocument(chatId, new InputFile(bytes, file.name));
  }

  return {
    async send(row: OutboxRow) {
      if (row.kind !== "message" && row.kind !== "reply")
        throw new DeliveryError("permanent", `unknown Telegram outbox kind "${row.kind}"`);
      const chatId = row.destination.slice(row.destination.indexOf(":") + 1);
      const message = (row.payload as { message?: OutboundMessage }).message;
      if (!chatId || !message) throw new DeliveryError("permanent", "outbox row without a chat or a message");
      const parts = await partsOf(message, deps);
      let lastId = "";
      for (let i = partsDelivered(row); i < parts.length; i++) {
        const part = parts[i];
        if (!part) continue;
        try {
          lastId = String((await sendPart(chatId, part)).message_id);
        } catch (error) {
          throw classify(error, i);
        }
      }
      return lastId ? { platformMessageId: lastId } : {};
    },
  };
}

async function partsOf(message: OutboundMessage, deps: { translator: Promise<Translator>; logger: Logger }): Promise<Part[]> {
  // Telegram refuses URL buttons to http or local addresses: those stay as a line of text.
  const rendered = renderMessage(await deps.translator, message, { buttons: true, linkButtons: (url) => url.startsWith("https://") });
  const keyboard = [
    ...rendered.linkButtons.map((link): InlineKeyboardButton[] => [{ text: link.label, url: link.url }]),
    ...rendered.buttons
      .map((buttons) =>
        buttons
          .filter((b) => fitsCallbackData(b.id, deps.logger))
          .map((b): InlineKeyboardButton => ({ text: b.label, callback_data: b.id })),
      )
      .filter((buttons) => buttons.length > 0),
  ];
  const chunks = splitText(rendered.text);
  const texts: Part[] = chunks.map((text, i) => ({ text, keyboard: i === chunks.length - 1 ? keyboard : [] }));
  // A files-only message has no text to send.
  const withText = rendered.text === "" ? [] : texts;
  return [...withText, ...(message.attachments ?? []).map((file) => ({ file }))];
}

function fitsCallbackData(id: string, logger: Logger): boolean {
  const fits = Buffer.byteLength(id, "utf8") <= CALLBACK_DATA_BYTES;
  if (!fits) logger.warn({ buttonId: id }, "button id longer than Telegram's 64 bytes: button left out");
  return fits;
}

/**
 * 429 → retry after Telegram's retry_after; 5xx and network → retry with backoff; other 4xx (blocked, bad request) → permanent.
 * `partsDone`: the parts of the row that went out before this failure, so a retry does not repeat them.
 */
export function classify(error: unknown, partsDone?: number): DeliveryError {
  const progress = partsDone === undefined ? {} : { partsDone };
  if (error instanceof DeliveryError)
    return new DeliveryError(error.kind, error.message, error.retryAfterMs, { cause: error.cause, ...progress });
  if (error instanceof GrammyError) {
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after ?? 1;
      return new DeliveryError("retry", error.description, seconds * 1000, { cause: error, ...progress });
    }
    if (error.error_code >= 500) return new DeliveryError("retry", error.description, undefined, { cause: error, ...progress });
    return new DeliveryError("permanent", error.description, undefined, { cause: error, ...progress });
  }
  if (error instanceof HttpError) return new DeliveryError("retry", error.message, undefined, { cause: error, ...progress });
  return new DeliveryError("retry", error instanceof Error ? error.message : String(error), undefined, { cause: error, ...progress });
}
