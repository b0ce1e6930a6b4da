import { type Api, GrammyError, HttpError } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { renderMessage } from "../../conversation/index.js";
import { DeliveryError, type OutboxRow, type Sender } from "../../delivery/outbox.js";
import type { Translator } from "../../i18n/i18n.js";
import type { Logger } from "../../kernel/logger.js";
import type { OutboundMessage } from "../../kernel/outbound.js";
import { splitText } from "./split-text.js";

const CALLBACK_DATA_BYTES = 64;

/** Delivers outbox rows for Telegram: "message" and "reply" rows carry a channel-neutral OutboundMessage. */
export function createTelegramSender(deps: { api: Api; translator: Promise<Translator>; logger: Logger }): Sender {
  return {
    async send(row: OutboxRow) {
      if (row.kind !== "message" && row.kind !== "reply")
        throw new DeliveryError("permanent", `unknown Telegram outbox kind "${row.kind}"`);
      const chatId = row.destination.slice(row.destination.indexOf(":") + 1);
      const message = (row.payload as { message?: OutboundMessage }).message;
      if (!chatId || !message) throw new DeliveryError("permanent", "outbox row without a chat or a message");
      const rendered = renderMessage(await deps.translator, message, { buttons: true });
      const keyboard = rendered.buttons
        .map((buttons) =>
          buttons
            .filter((b) => fitsCallbackData(b.id, deps.logger))
            .map((b): InlineKeyboardButton => ({ text: b.label, callback_data: b.id })),
        )
        .filter((buttons) => buttons.length > 0);
      const chunks = splitText(rendered.text);
      let lastId = "";
      try {
        for (const [i, chunk] of chunks.entries()) {
          const isLast = i === chunks.length - 1;
          const sent = await deps.api.sendMessage(
            chatId,
            chunk,
            isLast && keyboard.length > 0 ? { reply_markup: { inline_keyboard: keyboard } } : {},
          );
          lastId = String(sent.message_id);
        }
      } catch (error) {
        throw classify(error);
      }
      return { platformMessageId: lastId };
    },
  };
}

function fitsCallbackData(id: string, logger: Logger): boolean {
  const fits = Buffer.byteLength(id, "utf8") <= CALLBACK_DATA_BYTES;
  if (!fits) logger.warn({ buttonId: id }, "button id longer than Telegram's 64 bytes: button left out");
  return fits;
}

/** 429 → retry after Telegram's retry_after; 5xx and network → retry with backoff; other 4xx (blocked, bad request) → permanent. */
export function classify(error: unknown): DeliveryError {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after ?? 1;
      return new DeliveryError("retry", error.description, seconds * 1000, { cause: error });
    }
    if (error.error_code >= 500) return new DeliveryError("retry", error.description, undefined, { cause: error });
    return new DeliveryError("permanent", error.description, undefined, { cause: error });
  }
  if (error instanceof HttpError) return new DeliveryError("retry", error.message, undefined, { cause: error });
  return new DeliveryError("retry", error instanceof Error ? error.message : String(error), undefined, { cause: error });
}
