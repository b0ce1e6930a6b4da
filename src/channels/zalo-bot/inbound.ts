import type { ConversationEngine, InboundMessage } from "../../conversation/index.js";
import type { Logger } from "../../kernel/logger.js";
import type { ZaloBotApi } from "./api.js";
import { downloadPhoto } from "./files.js";
import { photoUrlOf, readZaloBotUpdate } from "./updates.js";

export const ZALO_BOT_CHANNEL = "zalo-bot";

/**
 * What the channel does with one recorded Bot update: a private text goes to the conversation
 * engine (numbered choices are answered by number or word), with the typing indicator on while it
 * works; a photo is downloaded and kept as the customer's file, with its caption as the text; what
 * staff cannot read gets the polite answer; group messages are not taken (groups are Zalo's internal beta).
 */
export function createZaloBotInboundHandler(deps: {
  engine: ConversationEngine;
  api: ZaloBotApi;
  logger: Logger;
  dataDir: string;
  maxBytes: number;
  fetch: typeof fetch;
}) {
  return async function handle(payload: unknown): Promise<void> {
    const update = readZaloBotUpdate(payload);
    if (!update) return deps.logger.warn("zalo bot update skipped: unreadable");
    const { message } = update;
    if (message.chat.chat_type && message.chat.chat_type !== "PRIVATE") {
      return deps.logger.info({ chatType: message.chat.chat_type }, "zalo bot group message not handled");
    }
    const from = message.from;
    const displayName = from?.display_name ?? from?.first_name;
    const base: InboundMessage = {
      channel: ZALO_BOT_CHANNEL,
      chatId: message.chat.id,
      user: { externalId: from?.id ?? message.chat.id, ...(displayName ? { displayName } : {}) },
      platformMessageId: message.message_id,
    };
    // Best effort: a failed typing indicator never holds up the answer.
    await deps.api.call("sendChatAction", { chat_id: message.chat.id, action: "typing" }).catch((error: unknown) => {
      deps.logger.debug({ err: error }, "zalo bot typing indicator failed");
    });
    const kind = /^message\.(\w+)\.received$/.exec(update.event_name)?.[1];
    if (kind === "text" && message.text !== undefined) return void (await deps.engine.handle({ ...base, text: message.text }));
    if (kind === "image") {
      const caption = message.caption ?? message.text;
      const url = photoUrlOf(message);
      const baseName = `photo-${message.message_id.slice(0, 24)}`;
      const file = url
        ? await downloadPhoto(deps, { url, baseName })
        : { rejectedFiles: [{ name: `${baseName}.jpg`, reason: "unavailable" as const }] };
      return void (await deps.engine.handle({ ...base, ...(caption ? { text: caption } : {}), ...file }));
    }
    await deps.engine.handle({ ...base, unsupported: "content" });
  };
}
