import type { Language } from "./language.js";

/**
 * A channel-neutral message to a customer, built from i18n keys (or text a person wrote).
 * Each channel renders it: buttons where the platform has them, numbered choices where not.
 */
export type TextPart = { key: string; vars?: Record<string, unknown> } | { raw: string };

export interface OutboundButton {
  /** Short id resolved by the conversation engine (Telegram allows 64 bytes of callback data). */
  id: string;
  label: TextPart;
}

export interface OutboundAttachment {
  name: string;
  mimeType: string;
  /** Where the file is kept (DATA_DIR/files/<key>): channels that can upload send the file itself. */
  key: string;
  size?: number;
  /** Our own signed URL, for channels that link instead: platform file URLs carrying tokens never leave the server. */
  url?: string;
}

export interface OutboundMessage {
  language: Language;
  /** Paragraphs, joined with blank lines. */
  text: TextPart[];
  /** Rows of buttons. */
  buttons?: OutboundButton[][];
  links?: { url: string; label: TextPart }[];
  attachments?: OutboundAttachment[];
}
