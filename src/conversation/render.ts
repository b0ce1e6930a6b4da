import type { Translator } from "../i18n/i18n.js";
import type { Language } from "../kernel/language.js";
import type { OutboundMessage, TextPart } from "../kernel/outbound.js";
import type { ChannelCapabilities } from "./types.js";

/** A rendered message: the text in the customer's language, and buttons where the channel has them. */
export interface RenderedMessage {
  text: string;
  buttons: { id: string; label: string }[][];
  /** Links the channel shows as buttons (a ticket's page), not as a raw URL in the text. */
  linkButtons: { label: string; url: string }[];
}

export function renderPart(t: Translator, language: Language, part: TextPart): string {
  return "raw" in part ? part.raw : t.t(language, part.key, part.vars);
}

/** Paragraphs joined by blank lines, links as lines; without buttons, choices become a numbered list ("2" picks the second). */
export function renderMessage(t: Translator, message: OutboundMessage, capabilities: ChannelCapabilities): RenderedMessage {
  const { language } = message;
  const paragraphs = message.text.map((part) => renderPart(t, language, part));
  const linkButtons: RenderedMessage["linkButtons"] = [];
  for (const link of message.links ?? []) {
    const label = renderPart(t, language, link.label);
    if (capabilities.linkButtons?.(link.url)) linkButtons.push({ label, url: link.url });
    else paragraphs.push(`${label}: ${link.url}`);
  }
  // Channels that upload files send them after the text; a link is listed only where one was given.
  for (const file of message.attachments ?? []) if (file.url) paragraphs.push(`${file.name}: ${file.url}`);
  const buttons = (message.buttons ?? []).map((row) => row.map((b) => ({ id: b.id, label: renderPart(t, language, b.label) })));
  if (capabilities.buttons || buttons.length === 0) return { text: paragraphs.join("\n\n"), buttons, linkButtons };
  const lines = buttons.flat().map((b, i) => t.t(language, "conversation:choices.line", { n: i + 1, label: b.label }));
  paragraphs.push([...lines, t.t(language, "conversation:choices.hint")].join("\n"));
  return { text: paragraphs.join("\n\n"), buttons: [], linkButtons };
}
