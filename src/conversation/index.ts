/** The conversation module's public door for channel adapters. */
export { type ConversationEngine, type ConversationEngineDeps, createConversationEngine } from "./engine.js";
export { requestCreated } from "./intake.js";
export { type RenderedMessage, renderMessage, renderPart } from "./render.js";
export { filesInDrafts } from "./store.js";
export type { ChannelCapabilities, InboundMessage } from "./types.js";
