import type { Tx } from "../../db/database.js";
import { enqueue } from "../../delivery/store.js";
import { asLanguage } from "../../kernel/language.js";
import type { OutboundAttachment, OutboundMessage } from "../../kernel/outbound.js";
import { composeReply } from "../domain/reply-rules.js";
import type { TicketContext } from "./context.js";
import type { TicketRow } from "./ticket-reads.js";
import { recordEvent } from "./timeline.js";

/** The email channel's name: `composeReply` adds the closing (R3.6) on it, and its outbox rows go to `email:<address>`. */
export const EMAIL_CHANNEL = "email";
export const emailDestination = (address: string) => `${EMAIL_CHANNEL}:${address.trim().toLowerCase()}`;

/** Why a message also goes by email: the customer asked for it, or their own channel can no longer reach them. */
export type EmailCopyReason = "customer_asked" | "channel_unreachable";

export interface EmailCopy {
  ticketId: string;
  message: OutboundMessage;
  /** "reply": a written answer, which gets the email closing by the reply rules (R3.5, R3.6). */
  kind: "message" | "reply";
  reason: EmailCopyReason;
}

/**
 * Sends a message to a ticket's customer by email as well, through the outbox: for a channel that can
 * no longer reach them (a Zalo reply past its 7-day window) or a customer who asked. False, and
 * nothing sent, when the support mailbox is off, the customer has no email address on file, or the
 * ticket is an email ticket already.
 */
export async function alsoByEmail(ctx: TicketContext, copy: EmailCopy): Promise<boolean> {
  const sent = await ctx.db.prisma.$transaction((tx) => enqueueEmailCopy(ctx, tx, copy));
  if (sent) ctx.afterCommit({ ticketIds: [copy.ticketId] });
  return sent;
}

/** A staff reply on another channel, copied by email when the customer asked for answers by email. */
export async function copyReplyIfAsked(ctx: TicketContext, tx: Tx, ticket: TicketRow, sentText: string, files: OutboundAttachment[]) {
  if (!ctx.emailChannel || ticket.channel === EMAIL_CHANNEL) return;
  const customer = await tx.customer.findUnique({ where: { id: ticket.customerId }, select: { replyByEmail: true } });
  if (!customer?.replyByEmail) return;
  const message: OutboundMessage = {
    language: asLanguage(ticket.language),
    text: [{ raw: sentText }],
    ...(files.length > 0 ? { attachments: files } : {}),
  };
  await enqueueEmailCopy(ctx, tx, { ticketId: ticket.id, message, kind: "reply", reason: "customer_asked" });
}

/** The copy written to the outbox in the caller's transaction; false when it cannot go (see `alsoByEmail`). */
export async function enqueueEmailCopy(ctx: TicketContext, tx: Tx, copy: EmailCopy): Promise<boolean> {
  if (!ctx.emailChannel) return false;
  const ticket = await tx.ticket.findUnique({
    where: { id: copy.ticketId },
    select: { id: true, channel: true, customer: { select: { email: true } } },
  });
  const address = ticket?.customer.email;
  if (!ticket || !address || ticket.channel === EMAIL_CHANNEL) return false;
  const { message } = copy;
  // A reply composed for chat gets the email closing; its greeting is recognized and kept once.
  const text =
    copy.kind === "reply"
      ? message.text.map((part) =>
          "raw" in part ? { raw: composeReply(ctx.policy, { text: part.raw, language: message.language, channel: EMAIL_CHANNEL }) } : part,
        )
      : message.text;
  const entry = {
    channel: EMAIL_CHANNEL,
    destination: emailDestination(address),
    kind: copy.kind,
    payload: { message: { ...message, text } },
  };
  await enqueue(tx, { ...entry, ticketId: ticket.id }, ctx.clock.now());
  await recordEvent(ctx, tx, ticket.id, "email_copy", "system", { reason: copy.reason, kind: copy.kind });
  return true;
}
