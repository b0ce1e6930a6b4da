import type { ConversationEngine } from "../../conversation/index.js";
import type { Logger } from "../../kernel/logger.js";
import { CHANNEL } from "./feed.js";
import { inboundPayloadSchema } from "./schemas.js";

/** Turns one recorded web chat message into the engine's channel-neutral message. */
export function createWebchatHandler(deps: { engine: ConversationEngine; logger: Logger }) {
  return async function handleWebchat(payload: unknown): Promise<void> {
    // The route checked it before recording: another shape can never be handled (a ZodError fails the event for good).
    const { visitorId, clientMessageId, text, choice, attachments, language } = inboundPayloadSchema.parse(payload);
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
