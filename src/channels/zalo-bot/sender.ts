import { renderMessage } from "../../conversation/index.js";
import { DeliveryError, type OutboxRow, partsDelivered, type Sender } from "../../delivery/outbox.js";
import type { Translator } from "../../i18n/i18n.js";
import type { Logger } from "../../kernel/logger.js";
import type { OutboundAttachment, OutboundMessage } from "../../kernel/outbound.js";
import { splitText } from "../../kernel/split-text.js";
import type { ComponentHealth } from "../../server/health.js";
import { type ZaloBotApi, ZaloBotError } from "./api.js";

/** The Bot API's text limit. */
const ZALO_BOT_TEXT_LIMIT = 2000;
const PHOTO_TYPES = new Set(["image/jpeg", "image/png", "image/gif"]);

type Part = { text: string } | { photo: OutboundAttachment };

/**
 * Delivers outbox rows to Zalo Bot chats: no buttons on this platform, so choices are numbered
 * lines; texts split at 2000 characters; photos by our signed URL (the Bot API takes no uploads),
 * other files as a link line. A retried row resumes at the first part that did not go out.
 */
export function createZaloBotSender(deps: {
  api: ZaloBotApi;
  translator: Promise<Translator>;
  logger: Logger;
  health: ComponentHealth;
  fileLink(file: OutboundAttachment): string;
}): Sender {
  async function send(chatId: string, part: Part): Promise<string> {
    const result =
      "text" in part
        ? await deps.api.call("sendMessage", { chat_id: chatId, text: part.text })
        : await deps.api.call("sendPhoto", { chat_id: chatId, photo: deps.fileLink(part.photo) });
    const id = (result as { message_id?: unknown } | undefined)?.message_id;
    return typeof id === "string" || typeof id === "number" ? String(id) : "";
  }

  function partsOf(message: OutboundMessage, t: Translator): Part[] {
    const rendered = renderMessage(t, message, { buttons: false });
    const files = message.attachments ?? [];
    const linked = files.filter((file) => !PHOTO_TYPES.has(file.mimeType)).map((file) => `${file.name}: ${deps.fileLink(file)}`);
    const text = [rendered.text, ...linked].filter((p) => p !== "").join("\n\n");
    const texts: Part[] = text === "" ? [] : splitText(text.normalize("NFC"), ZALO_BOT_TEXT_LIMIT).map((piece) => ({ text: piece }));
    return [...texts, ...files.filter((file) => PHOTO_TYPES.has(file.mimeType)).map((photo) => ({ photo }))];
  }

  return {
    async send(row: OutboxRow) {
      if (row.kind !== "message" && row.kind !== "reply")
        throw new DeliveryError("permanent", `unknown Zalo Bot outbox kind "${row.kind}"`);
      const chatId = row.destination.slice(row.destination.indexOf(":") + 1);
      const message = (row.payload as { message?: OutboundMessage }).message;
      if (!chatId || !message) throw new DeliveryError("permanent", "outbox row without a chat or a message");
      const parts = partsOf(message, await deps.translator);
      let lastId = "";
      for (let i = partsDelivered(row); i < parts.length; i++) {
        const part = parts[i];
        if (!part) continue;
        try {
          lastId = await send(chatId, part);
        } catch (error) {
          throw classify(error, deps, i);
        }
      }
      return lastId ? { platformMessageId: lastId } : {};
    },
  };
}

/** 401: the token was revoked (alert, messages wait); 429, 5xx and network: retry; other 4xx: permanent. */
function classify(error: unknown, deps: { logger: Logger; health: ComponentHealth }, partsDone: number): DeliveryError {
  const options = { cause: error, partsDone };
  if (error instanceof ZaloBotError) {
    if (error.code === 401) {
      const reason = "Zalo refused the bot token (401): it was revoked or is wrong. Set ZALO_BOT_TOKEN from Zalo Bot Creator and restart.";
      deps.logger.error({ method: error.method }, reason);
      deps.health.down(reason);
      return new DeliveryError("retry", error.message, 5 * 60_000, options);
    }
    if (error.code === 429 || error.code >= 500) return new DeliveryError("retry", error.message, undefined, options);
    return new DeliveryError("permanent", error.message, undefined, options);
  }
  return new DeliveryError("retry", error instanceof Error ? error.message : String(error), undefined, options);
}
