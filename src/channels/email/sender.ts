import type { Transporter } from "nodemailer";
import { DeliveryError, type OutboxRow, type Sender } from "../../delivery/outbox.js";
import type { Translator } from "../../i18n/i18n.js";
import type { Clock } from "../../kernel/clock.js";
import type { Logger } from "../../kernel/logger.js";
import type { OutboundMessage } from "../../kernel/outbound.js";
import { storedFilePath } from "../../kernel/stored-file.js";
import type { Policy } from "../../policy/policy.schema.js";
import type { MailTicket, TicketService } from "../../tickets/index.js";
import { composeMail } from "./compose.js";
import { replySubject, ticketToken } from "./mail-rules.js";
import type { EmailStore } from "./store.js";

export interface EmailSenderDeps {
  transport: Pick<Transporter, "sendMail">;
  /** The support address, as From. */
  from: string;
  store: EmailStore;
  tickets: Pick<TicketService, "mailTicket">;
  translator: Promise<Translator>;
  policy: Policy;
  clock: Clock;
  logger: Logger;
  secret: string;
  dataDir: string;
  ticketLink?: (ticket: { number: number; accessToken: string }) => string;
  /** The SMTP server refused our login: the operator must act (every mail waits meanwhile). */
  onAuthFailure?(error: unknown): void;
}

/** The wait before retrying after an SMTP login failure: the operator has to fix the password. */
const AUTH_RETRY_MS = 5 * 60_000;

/**
 * Delivers outbox rows to `email:<address>` by SMTP (nodemailer): threaded to the ticket's mails
 * (In-Reply-To, References, the signed ticket token in the subject), text plus escaped HTML, staff
 * files attached. The Message-ID is made from the outbox row, so a retried row is the same mail,
 * and it is recorded before sending, so a reply (or our own mail coming back) is recognized.
 * 4xx and connection errors are retried; 5xx is permanent (recorded on the ticket's timeline).
 */
export function createEmailSender(deps: EmailSenderDeps): Sender {
  const domain = deps.from.split("@")[1] ?? "hotro.invalid";

  return {
    async send(row: OutboxRow) {
      if (row.kind !== "message" && row.kind !== "reply") throw new DeliveryError("permanent", `unknown email outbox kind "${row.kind}"`);
      const to = row.destination.slice(row.destination.indexOf(":") + 1);
      const message = (row.payload as { message?: OutboundMessage }).message;
      if (!to || !message) throw new DeliveryError("permanent", "email outbox row without an address or a message");
      const ticket = row.ticketId ? await deps.tickets.mailTicket({ id: row.ticketId }) : null;
      const t = await deps.translator;
      const messageId = `<hotro.${row.id}@${domain}>`;
      const thread = ticket ? await deps.store.thread(ticket.id) : { subject: undefined, messageIds: [] };
      const earlier = thread.messageIds.filter((id) => id !== messageId);
      await deps.store.recordSent(messageId, ticket?.id ?? null, deps.clock.now());
      const ticketPage = ticket && deps.ticketLink ? deps.ticketLink(ticket) : undefined;
      const mail = composeMail(t, message, {
        ...(ticketPage ? { ticketPage } : {}),
        closing: deps.policy.replies.emailClosing[message.language],
      });
      try {
        await deps.transport.sendMail({
          from: deps.from,
          to,
          subject: subjectOf(t, message, ticket, thread.subject, deps.secret),
          text: mail.text,
          html: mail.html,
          messageId,
          ...(earlier.length > 0 ? { inReplyTo: earlier.at(-1), references: earlier.slice(-20) } : {}),
          // RFC 3834: our notices are automatic, so other systems' auto-replies do not answer them (no loops).
          ...(row.kind === "message" ? { headers: { "Auto-Submitted": "auto-replied" } } : {}),
          attachments: attachmentsOf(deps.dataDir, message),
        });
      } catch (error) {
        throw classify(error, deps);
      }
      return { platformMessageId: messageId };
    },
  };
}

function subjectOf(
  t: Translator,
  message: OutboundMessage,
  ticket: MailTicket | null,
  subject: string | undefined,
  secret: string,
): string {
  if (!ticket) return t.t(message.language, "email:noticeSubject");
  const token = ticketToken(secret, ticket.number);
  return replySubject(subject ?? t.t(message.language, "email:subject", { number: ticket.number }), token);
}

function attachmentsOf(dataDir: string, message: OutboundMessage) {
  return (message.attachments ?? []).map((file) => {
    const path = storedFilePath(dataDir, file.key);
    if (!path) throw new DeliveryError("permanent", `attachment "${file.name}" has an invalid storage key`);
    return { filename: file.name, path, contentType: file.mimeType };
  });
}

/** SMTP replies: 4xx and lost connections are retried, 5xx is permanent; a refused login waits for the operator. */
export function classify(error: unknown, deps: Pick<EmailSenderDeps, "onAuthFailure">): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const smtp = error as { responseCode?: unknown; code?: unknown; message?: unknown; response?: unknown };
  const reason = typeof smtp.response === "string" ? smtp.response : error instanceof Error ? error.message : String(error);
  if (smtp.code === "EAUTH") {
    deps.onAuthFailure?.(error);
    return new DeliveryError("retry", reason, AUTH_RETRY_MS, { cause: error });
  }
  if (typeof smtp.responseCode === "number" && smtp.responseCode >= 500)
    return new DeliveryError("permanent", reason, undefined, { cause: error });
  if (smtp.code === "ENOENT")
    return new DeliveryError("permanent", `an attachment is no longer stored: ${reason}`, undefined, { cause: error });
  return new DeliveryError("retry", reason, undefined, { cause: error });
}
