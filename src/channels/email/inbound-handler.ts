import type { NoticeItem } from "../../content/index.js";
import { requestCreated } from "../../conversation/index.js";
import type { Clock } from "../../kernel/clock.js";
import { asLanguage } from "../../kernel/language.js";
import type { Logger } from "../../kernel/logger.js";
import type { OutboundMessage, TextPart } from "../../kernel/outbound.js";
import type { Policy } from "../../policy/policy.schema.js";
import { EMAIL_CHANNEL, isOpen, type MailTicket, type TicketService, triageCategory } from "../../tickets/index.js";
import { discardFiles, type EmailPayload, emailPayloadSchema } from "./mail-payload.js";
import { automaticReason, guessLanguage, noAcknowledgement, ticketNumberIn, withoutQuote } from "./mail-rules.js";
import type { EmailStore } from "./store.js";

export interface EmailHandlerDeps {
  tickets: TicketService;
  store: EmailStore;
  policy: Policy;
  /** Service notices of a category: a mail opens its request at once, so they come with the acknowledgement. */
  noticesFor?: (categoryId: string) => NoticeItem[];
  clock: Clock;
  logger: Logger;
  delivery: { kick(): void };
  /** Signs the ticket tokens of our subjects. */
  secret: string;
  dataDir: string;
  ticketLink?: (ticket: { number: number; accessToken: string }) => string;
}

/**
 * Turns one recorded mail into a ticket's message. A reply (its In-Reply-To / References name one of
 * the ticket's mails, or its subject carries the ticket's signed token) from the ticket's customer's
 * address joins that ticket; any other mail, from another sender too, opens a new request of its
 * sender (routed by its subject and text; unclear → Customer care, R1.6), acknowledged by email.
 * Auto-replies, bounces and our own mails are ignored; a mail seen twice is handled once.
 */
export function createEmailHandler(deps: EmailHandlerDeps) {
  const { tickets, store, logger } = deps;

  return async function handleMail(payload: unknown, event: { id: string }): Promise<void> {
    // Recorded by our own mailbox reader: another shape can never be handled (a ZodError fails the event for good).
    const mail = emailPayloadSchema.parse(payload);
    const claim = await store.claim(mail.messageId, event.id, mail.subject, deps.clock.now());
    const ignored =
      claim === "ours"
        ? "our own mail"
        : claim === "duplicate"
          ? "a mail handled before (same Message-ID)"
          : !mail.from.address
            ? "no sender address"
            : automaticReason(mail.headers, mail.from.address);
    if (ignored) {
      logger.info({ messageId: mail.messageId, reason: ignored }, "mail ignored");
      await discardFiles(deps.dataDir, mail.attachments);
      return;
    }
    const target = await threadTicket(mail);
    if (target && sameAddress(target.customerEmail, mail.from.address) && isOpen(target.status)) {
      if (await joinTicket(mail, target)) return;
    } else if (target) {
      logger.info(
        { messageId: mail.messageId, ticket: target.number, open: isOpen(target.status) },
        "a reply that cannot join its ticket (another sender, or the ticket is closed): a new request",
      );
    }
    await openRequest(mail);
  };

  /** The ticket a reply belongs to: by its thread's Message-IDs, else by the signed token in its subject. */
  async function threadTicket(mail: EmailPayload): Promise<MailTicket | null> {
    const byThread = await store.ticketOf([...mail.inReplyTo, ...mail.references]);
    if (byThread) return tickets.mailTicket({ id: byThread });
    const number = ticketNumberIn(deps.secret, mail.subject);
    return number === undefined ? null : tickets.mailTicket({ number });
  }

  async function joinTicket(mail: EmailPayload, ticket: MailTicket): Promise<boolean> {
    const done = await tickets.ticketOfCustomerMessage(ticket.customerId, mail.messageId);
    if (!done) {
      const added = await tickets.addCustomerMessage({
        customerId: ticket.customerId,
        ticketId: ticket.id,
        channel: EMAIL_CHANNEL,
        text: withoutQuote(mail.text) || mail.subject,
        attachments: mail.attachments,
        platformMessageId: mail.messageId,
      });
      if (!added.ok) return false; // closed meanwhile: a new request
    }
    const language = asLanguage(ticket.language);
    const refused = rejectedFiles(mail);
    const messages: OutboundMessage[] = refused.length > 0 ? [{ language, text: refused }] : [];
    await finish(mail, ticket.id, messages);
    return true;
  }

  async function openRequest(mail: EmailPayload): Promise<void> {
    const body = withoutQuote(mail.text);
    const customer = await tickets.identifyCustomer({
      channel: EMAIL_CHANNEL,
      externalId: mail.from.address,
      ...(mail.from.name ? { displayName: mail.from.name } : {}),
      language: guessLanguage(`${mail.subject}\n${body}`, deps.policy.company.defaultLanguage),
    });
    const language = asLanguage(customer.language);
    const handled = await tickets.ticketOfCustomerMessage(customer.id, mail.messageId);
    if (handled) {
      // Opened before a crash that came before the acknowledgement was written: the ticket stays, unacknowledged.
      logger.warn({ messageId: mail.messageId }, "mail opened its ticket before a restart: finishing without an acknowledgement");
      await finish(mail, handled, []);
      return;
    }
    const description = [mail.subject.trim(), body].filter(Boolean).join("\n\n") || mail.attachments.map((a) => a.name).join(", ");
    if (description === "") {
      logger.info({ messageId: mail.messageId }, "mail ignored: no subject, text or file");
      return;
    }
    const route = triageCategory(deps.policy, `${mail.subject}\n${body}`);
    const opened = await tickets.open({
      customerId: customer.id,
      channel: EMAIL_CHANNEL,
      chatId: mail.from.address,
      language,
      categoryId: route.categoryId,
      description,
      contact: { email: mail.from.address, ...(mail.from.name ? { name: mail.from.name } : {}) },
      attachments: mail.attachments,
      platformMessageId: mail.messageId,
    });
    if (!opened.ok) throw new Error(`the request of mail ${mail.messageId} was refused: ${opened.code}`);
    const { ticket, estimate } = opened.value;
    logger.info({ ticket: ticket.number, category: route.categoryId, clear: route.clear }, "mail opened a request");
    if (noAcknowledgement(mail.headers, mail.from.address)) return finish(mail, ticket.id, []);
    const ctx = { policy: deps.policy, language, ...(deps.ticketLink ? { ticketLink: deps.ticketLink } : {}) };
    const notices: TextPart[] = (deps.noticesFor?.(route.categoryId) ?? []).map((n) => ({
      key: "conversation:notice.text",
      vars: { text: n.text[language] },
    }));
    const usual = await tickets.usualFirstResponse(ticket.departmentId);
    await finish(mail, ticket.id, [requestCreated(ctx, ticket, estimate, usual, [...notices, ...rejectedFiles(mail)])]);
  }

  async function finish(mail: EmailPayload, ticketId: string, messages: OutboundMessage[]) {
    await store.finish({ messageId: mail.messageId, ticketId, address: mail.from.address, messages, now: deps.clock.now() });
    if (messages.length > 0) deps.delivery.kick();
  }
}

function rejectedFiles(mail: EmailPayload): TextPart[] {
  return mail.rejectedFiles.map((file) => ({ key: "conversation:fileTooLarge", vars: { name: file.name, max: file.maxMb } }));
}

const sameAddress = (a: string | null, b: string) => a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
