import { renderMessage } from "../../conversation/index.js";
import type { Translator } from "../../i18n/i18n.js";
import type { OutboundMessage } from "../../kernel/outbound.js";

export interface ComposedMail {
  text: string;
  html: string;
}

/**
 * A message as a mail: the text as rendered for every channel, with the ticket page's link where
 * the customer can answer, reopen or rate (buttons do not exist in mail), placed before a closing
 * that ends the text so the closing stays last (R3.6); and a simple HTML version built from the
 * escaped text (paragraphs, line breaks, links).
 */
export function composeMail(t: Translator, message: OutboundMessage, options: { ticketPage?: string; closing: string }): ComposedMail {
  const { buttons: _, ...withoutButtons } = message;
  let text = renderMessage(t, withoutButtons, { buttons: false }).text;
  const { ticketPage } = options;
  if (ticketPage && !(message.links ?? []).some((link) => link.url === ticketPage)) {
    const line = `${t.t(message.language, "email:ticketPage")}: ${ticketPage}`;
    const closing = options.closing.trim();
    text =
      closing && text.trimEnd().endsWith(closing)
        ? `${text.trimEnd().slice(0, -closing.length).trimEnd()}\n\n${line}\n\n${closing}`
        : `${text}\n\n${line}`;
  }
  return { text, html: htmlOf(text) };
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Escaped text in paragraphs; http(s) links made clickable (matched on the escaped text, so nothing unescaped gets in). */
export function htmlOf(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((paragraph) => escapeHtml(paragraph).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`))
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, "<br>\n")}</p>`);
  return `<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">\n${paragraphs.join("\n")}\n</body></html>`;
}
