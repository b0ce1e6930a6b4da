import type { ContentService, ContentSnapshot } from "../content/index.js";
import type { Clock } from "../kernel/clock.js";
import { asLanguage, type Language, pickLanguage } from "../kernel/language.js";
import type { OutboundMessage } from "../kernel/outbound.js";
import type { ModuleDeps } from "../modules.js";
import type { Policy } from "../policy/policy.schema.js";
import type { TicketService } from "../tickets/index.js";
import { type DialogContext, message } from "./dialog-context.js";
import { dispatch } from "./dispatch.js";
import { createFaqSearch, type FaqSearch } from "./faq-search.js";
import { countMessage } from "./flood.js";
import { privacyNotice } from "./privacy.js";
import { inOneTurn, loadedState, saveTurn, sendNotice, stateRead, whenCommitted } from "./store.js";
import type { DialogState, InboundMessage } from "./types.js";
import { key } from "./types.js";

export interface ConversationEngineDeps {
  /** Where the dialog state is kept (the conversation's store). */
  db: ModuleDeps["db"];
  /** The running policy, read at every turn (a reload applies to the next message). */
  policy: Policy;
  /** FAQ, help texts and notices as edited in the console. */
  content: ContentService;
  clock: Clock;
  tickets: TicketService;
  /** Kicked after answers were written to the outbox. */
  delivery: { kick(): void };
  /** The customer's page for a ticket (R3.3); given by the composition root. */
  ticketLink?: (ticket: { number: number; accessToken: string }) => string;
  /** The full personal-data notice (/privacy) in a language; given by the composition root. */
  privacyLink?: (language: Language) => string;
  /** A signed link to a stored file (a customer's copy of their data). */
  fileLink?: (file: { key: string; name: string; mimeType: string }) => string;
}

export interface ConversationEngine {
  /** Handles one customer message: persisted state in, answers written to the outbox (and returned). */
  handle(inbound: InboundMessage): Promise<OutboundMessage[]>;
  /** A one-off notice to a chat that is not a customer dialog (a group), through the outbox. */
  notice(address: { channel: string; chatId: string }, language: Language, textKey: string): Promise<void>;
}

export function createConversationEngine(deps: ConversationEngineDeps): ConversationEngine {
  const { db, clock, tickets } = deps;
  const faqSearch = faqSearchOf();

  /**
   * One transaction for the whole turn: what the message changes in tickets, the dialog's state, the
   * answers and the inbound event's mark commit together, so a retry after a crash finds it done.
   */
  async function handle(inbound: InboundMessage): Promise<OutboundMessage[]> {
    const messages = await inOneTurn(db, () => turn(inbound));
    if (messages.length > 0) whenCommitted(db, deps.delivery.kick);
    return messages;
  }

  async function turn(inbound: InboundMessage): Promise<OutboundMessage[]> {
    const policy = deps.policy;
    const content = deps.content.current();
    // The chat's dialog state is read in the same statement that finds the customer.
    const { alongside, ...customer } = await tickets.identifyCustomer(
      {
        channel: inbound.channel,
        externalId: inbound.user.externalId,
        ...(inbound.user.displayName ? { displayName: inbound.user.displayName } : {}),
        language: pickLanguage(inbound.user.languageCode, policy.company.defaultLanguage),
        ...(inbound.interactedAt ? { interactedAt: inbound.interactedAt } : {}),
      },
      stateRead(inbound.channel, inbound.chatId),
    );
    const language = asLanguage(customer.language);
    const ctx: DialogContext = {
      consent: customer.consent,
      ...(deps.privacyLink ? { privacyLink: deps.privacyLink } : {}),
      ...(deps.fileLink ? { fileLink: deps.fileLink } : {}),
      policy,
      tickets,
      clock,
      faq: faqSearch(content, policy.documentationUrl),
      help: content.help,
      noticesFor: (categoryId) => deps.content.noticesFor(categoryId),
      inbound,
      customer,
      language,
      ...(deps.ticketLink ? { ticketLink: deps.ticketLink } : {}),
    };
    const { state: before, version: readVersion } = loadedState(alongside);

    const counted = countMessage(before.flood, policy.intake.rateLimit, clock.now().getTime());
    const state: DialogState = { ...before, flood: counted.flood };
    const result = await dispatch(ctx, state);
    // Decree 13/2023: the first contact is told what is kept, why and how long, whatever it asked.
    const firstContact = !before.noticed;
    const messages = [
      ...(firstContact ? [privacyNotice(ctx)] : []),
      ...(counted.warn ? [message(ctx.language, [key("common:errors.tooManyMessages")])] : []),
      ...rejectedFiles(ctx),
      ...result.messages,
    ];
    const withButtons = [...messages].reverse().find((m) => m.buttons && m.buttons.length > 0);
    const finalState: DialogState = { ...result.state, noticed: true, choices: withButtons?.buttons?.flat().map((b) => b.id) ?? [] };

    await saveTurn(db, {
      channel: inbound.channel,
      chatId: inbound.chatId,
      customerId: customer.id,
      state: finalState,
      readVersion,
      messages,
      now: clock.now(),
    });
    return messages;
  }

  async function notice(address: { channel: string; chatId: string }, language: Language, textKey: string) {
    await sendNotice(db, address, message(language, [key(textKey)]), clock.now());
    whenCommitted(db, deps.delivery.kick);
  }

  return { handle, notice };
}

/** The FAQ index of the enabled entries, built again only when the content changed. Variants are searched like keywords. */
function faqSearchOf(): (content: ContentSnapshot, documentationUrl: string) => FaqSearch {
  let built: { content: ContentSnapshot; documentationUrl: string; search: FaqSearch } | undefined;
  return (content, documentationUrl) => {
    if (built?.content !== content || built.documentationUrl !== documentationUrl) {
      const entries = content.faq
        .filter((f) => f.enabled)
        .map(({ variants, keywords, ...f }) => ({ ...f, keywords: [...keywords, ...variants] }));
      built = { content, documentationUrl, search: createFaqSearch(entries, documentationUrl) };
    }
    return built.search;
  };
}

function rejectedFiles(ctx: DialogContext): OutboundMessage[] {
  return (ctx.inbound.rejectedFiles ?? []).map((file) =>
    message(ctx.language, [
      file.reason === "too_large"
        ? key("conversation:fileTooLarge", { name: file.name, max: file.maxMb ?? 0 })
        : key("conversation:fileUnavailable", { name: file.name }),
    ]),
  );
}
