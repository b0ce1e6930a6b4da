import type { HelpTexts, NoticeItem } from "../content/index.js";
import type { Clock } from "../kernel/clock.js";
import type { Language } from "../kernel/language.js";
import type { OutboundButton, OutboundMessage, TextPart } from "../kernel/outbound.js";
import type { Policy } from "../policy/policy.schema.js";
import type { TicketService } from "../tickets/index.js";
import type { FaqSearch } from "./faq-search.js";
import { type InboundMessage, key } from "./types.js";

/** What every dialog step works with, for one inbound message. */
export interface DialogContext {
  policy: Policy;
  tickets: TicketService;
  clock: Clock;
  faq: FaqSearch;
  /** The bot's help texts, as edited in the console. */
  help: HelpTexts;
  /** Service notices a customer choosing this category sees before opening a request. */
  noticesFor(categoryId: string): NoticeItem[];
  inbound: InboundMessage;
  /** `hasActiveRequest`: as the turn began; the customer's free text goes to that request. */
  customer: { id: string; name: string | null; email: string | null; hasActiveRequest: boolean };
  language: Language;
  /** The customer's answer to the current personal-data notice, if any (Decree 13/2023). */
  consent: "given" | "refused" | null;
  /** The full personal-data notice (/privacy) in a language. */
  privacyLink?: (language: Language) => string;
  /** A signed link to a stored file, for channels that link rather than upload. */
  fileLink?: (file: { key: string; name: string; mimeType: string }) => string;
  /** The customer's page for a ticket, where every written reply stays readable (R3.3). */
  ticketLink?: (ticket: { number: number; accessToken: string }) => string;
}

export const button = (id: string, labelKey: string, vars?: Record<string, unknown>): OutboundButton => ({
  id,
  label: key(labelKey, vars),
});

export function message(language: Language, text: TextPart[], buttons?: OutboundButton[][]): OutboundMessage {
  return buttons && buttons.length > 0 ? { language, text, buttons } : { language, text };
}
