import { z } from "zod";
import type { OutboundMessage, TextPart } from "../kernel/outbound.js";
import type { Attachment } from "../tickets/index.js";

/** One message from a customer, as every channel adapter describes it. */
export interface InboundMessage {
  channel: string;
  chatId: string;
  user: { externalId: string; displayName?: string; languageCode?: string };
  text?: string;
  /** The id of a pressed button (callback data), possibly from an old message. */
  choice?: string;
  attachments?: Attachment[];
  /** Content the channel cannot carry to staff: an edit, a sticker, a location… */
  unsupported?: "edited" | "content";
  /** Files the adapter could not take, with the reason. */
  rejectedFiles?: { name: string; reason: "too_large" | "unavailable"; maxMb?: number }[];
  platformMessageId?: string;
  /**
   * When the customer interacted, for a channel with a reply window (the platform's event time, never
   * later than now): kept on their channel identity in the turn's transaction.
   */
  interactedAt?: Date;
}

/** What a channel can show; menus degrade to numbered choices without buttons. */
export interface ChannelCapabilities {
  buttons: boolean;
  /** Which links the channel can show as a button that opens the page (Telegram: https only). */
  linkButtons?: (url: string) => boolean;
}

const attachmentSchema = z.object({ name: z.string(), mimeType: z.string(), size: z.number(), key: z.string() });

const intakeSchema = z.object({
  stage: z.enum(["category", "question", "description", "consent", "name", "contact", "website", "summary", "edit"]),
  categoryId: z.string().optional(),
  answerId: z.string().optional(),
  description: z.array(z.string()).default([]),
  attachments: z.array(attachmentSchema).default([]),
  name: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  website: z.string().optional(),
  /** The customer's answer to keeping their contact details (asked before name, phone, email). */
  consent: z.enum(["given", "refused"]).optional(),
  /** Editing one field from the summary: come back to the summary after it. */
  editing: z.boolean().default(false),
});
export type IntakeState = z.infer<typeof intakeSchema>;

/** The persisted dialog state of one chat (Conversation.state). Unknown or old shapes start over. */
export const dialogStateSchema = z.object({
  mode: z.enum(["idle", "intake", "faq"]).default("idle"),
  intake: intakeSchema.optional(),
  /** Button ids of the last message with buttons, in reading order: "2" picks the second. */
  choices: z.array(z.string()).default([]),
  /** The last FAQ question, to prefill a request from it. */
  faqQuery: z.string().optional(),
  flood: z.object({ windowStart: z.number(), count: z.number(), warned: z.boolean() }).optional(),
  /** The personal-data notice was shown in this chat (first contact). */
  noticed: z.boolean().default(false),
});
export type DialogState = z.infer<typeof dialogStateSchema>;

export const initialState = (): DialogState => ({ mode: "idle", choices: [], noticed: false });

/** What a dialog step produces: the messages to send and the state to keep. */
export interface StepResult {
  state: DialogState;
  messages: OutboundMessage[];
}

export const key = (k: string, vars?: Record<string, unknown>): TextPart => (vars ? { key: k, vars } : { key: k });
export const raw = (text: string): TextPart => ({ raw: text });
