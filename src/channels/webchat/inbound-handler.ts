import type { ConversationEngine } from "../../conversation/index.js";
import type { Logger } from "../../kernel/logger.js";
import { CHANNEL } from "./feed.js";
import { inboundPayloadSchema } from "./schemas.js";

/** Turns one recorded web chat message into the engine's channel-neutral message. */
export function createWebchatHandler(deps: { engine: ConversationEngine; logger: Logger }) {
  return async function handleWebchat(payload: unknown): Promise<void> {
    const parsed = inboundPayloadSchema.safeParse(payload);
    if (!parsed.success) {
      deps.logger.warn({ issues: parsed.error.issues.length }, "web chat message ignored: unexpected shape");
      return;
    }
    const { visitorId, clientMessageId, text, choice, attachments, language } = parsed.data;
    await deps.engine.handle({
      channel: CHANNEL,
      chatId: visitorId,
      user: { externalId: visitorId, ...(language ? { languageCode: language } : {}) },
      ...(choice !== undefined ? { choice } : { text: text ?? "" }),
      ...(attachments && attachments.length > 0 ? { attachments } : {}),
      platformMessageId: clientMessageId,
    });
  };
}
