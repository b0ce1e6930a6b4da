import type { Tx } from "../../db/database.js";
import { asLanguage } from "../../kernel/language.js";
import { ok, type Result, refuse } from "../../kernel/result.js";
import type { AuthorizationRefusal } from "../domain/authorization.js";
import { type IllegalTransition, nextStatus } from "../domain/lifecycle.js";
import { checkReplyText, composeReply } from "../domain/reply-rules.js";
import { openStatuses } from "../domain/ticket.js";
import { staffActing } from "./acting.js";
import { releaseNextInChain } from "./chain.js";
import { inTicketTransaction, type TicketContext } from "./context.js";
import { copyReplyIfAsked } from "./email-copy.js";
import { lockCustomer, lockCustomerOfTicket } from "./locks.js";
import { notice, notifyCustomer, notifyStaff, recordCustomerMessage, recordEvent } from "./notify.js";
import type { Attachment } from "./open-ticket.js";
import { type CustomerReach, replyWindowOf } from "./reply-window.js";
import { takeStep } from "./step.js";
import { activeRequestOf, type TicketRow } from "./ticket-reads.js";

export type ReplyRefusal =
  | AuthorizationRefusal
  | IllegalTransition
  | "unknown_staff"
  | "unknown_ticket"
  | "empty"
  | "verbal_exchange"
  | "abusive"
  | "no_delivered_reply"
  | "paid_message";

/** A written answer's options: staff confirmed sending it as a paid message (their channel's window, 48 h to 7 days on Zalo). */
export interface WriteOptions {
  confirmPaid?: boolean;
}

/** What became of a written answer: how it reached the customer, and whether it was a paid message. */
export interface WrittenReply {
  ticket: TicketRow;
  sentText: string;
  reach: CustomerReach;
  paid: boolean;
}

/**
 * A written answer to the customer (R3.3): refused when empty, proposing a call or a verbal
 * exchange (R3.4) or abusive (R4.2); the greeting (R3.5) and, for email, the closing (R3.6) are
 * added here, and what is stored is exactly what the customer receives. In the paid part of the
 * channel's reply window it is refused until staff confirm; past the window it is kept on the ticket
 * (its page shows it) and goes by email when it can.
 */
export async function reply(
  ctx: TicketContext,
  staffId: string,
  ticketId: string,
  text: string,
  attachments: Attachment[] = [],
  options: WriteOptions = {},
): Promise<Result<WrittenReply, ReplyRefusal>> {
  return inTicketTransaction(
    ctx,
    async (tx) => {
      await lockCustomerOfTicket(tx, ticketId);
      const checked = await checkStaffWrite(ctx, tx, "reply", staffId, ticketId, text, options);
      if (!checked.ok) return checked;
      const { ticket, paid } = checked.value;
      const sent = await sendWrittenReply(ctx, tx, ticket, staffId, text, attachments, paid);
      return ok({ ticket, ...sent, paid });
    },
    (r) => (r.ok ? [r.value.ticket.id] : []),
  );
}

/**
 * Resolves with a resolution text that is itself a reply (the same window rules). Refused until an
 * earlier written reply has actually been delivered (an outbox row of kind "reply" marked sent, on
 * the customer's channel or by email past its window, R3.3). Releases the customer's next request
 * (R2.5) and asks for a rating (R4.2).
 */
export async function resolve(
  ctx: TicketContext,
  staffId: string,
  ticketId: string,
  text: string,
  options: WriteOptions = {},
): Promise<Result<WrittenReply & { released: TicketRow | null }, ReplyRefusal>> {
  return inTicketTransaction(
    ctx,
    async (tx) => {
      await lockCustomerOfTicket(tx, ticketId);
      const checked = await checkStaffWrite(ctx, tx, "resolve", staffId, ticketId, text, options);
      if (!checked.ok) return checked;
      const delivered = await tx.outboxMessage.count({ where: { ticketId, kind: "reply", status: "sent" } });
      if (delivered === 0) return refuse("no_delivered_reply");
      const now = ctx.clock.now();
      const { paid } = checked.value;
      const sent = await sendWrittenReply(ctx, tx, checked.value.ticket, staffId, text, [], paid);
      const resolved = await takeStep(tx, checked.value.ticket, "resolve", { resolvedAt: now });
      if (!resolved.ok) return resolved;
      const ticket = resolved.value;
      await recordEvent(ctx, tx, ticketId, "resolved", `staff:${staffId}`);
      await notifyCustomer(ctx, tx, ticket, [notice("rate_prompt", { number: ticket.number })], {
        buttons: [ratingButtons(ticket.number)],
      });
      await notifyStaff(ctx, tx, ticketId);
      const released = ticket.kind === "request" ? await releaseNextInChain(ctx, tx, ticket.customerId) : null;
      return ok({ ticket, ...sent, paid, released });
    },
    (r) => (r.ok ? [r.value.ticket.id, ...(r.value.released ? [r.value.released.id] : [])] : []),
  );
}

export const ratingButtons = (ticketNumber: number) =>
  [1, 2, 3, 4, 5].map((stars) => ({ id: `rate:${ticketNumber}:${stars}`, label: { raw: "★".repeat(stars) } }));

async function checkStaffWrite(
  ctx: TicketContext,
  tx: Tx,
  action: "reply" | "resolve",
  staffId: string,
  ticketId: string,
  text: string,
  options: WriteOptions,
): Promise<Result<{ ticket: TicketRow; paid: boolean }, ReplyRefusal>> {
  const acting = await staffActing(ctx, tx, action, staffId, ticketId);
  if (!acting.ok) return acting;
  const { ticket } = acting.value;
  const allowed = nextStatus(ticket, action);
  if (!allowed.ok) return allowed;
  const rules = checkReplyText(ctx.policy, text);
  if (!rules.ok) return rules as Result<never, ReplyRefusal>;
  // The platform bills this message: whoever sends it says so first.
  const window = await replyWindowOf(ctx, tx, ticket);
  if (window.state === "paid" && !options.confirmPaid) {
    return refuse("paid_message", { channel: ticket.channel, paidUntil: window.paidUntil?.toISOString() ?? null });
  }
  return ok({ ticket, paid: window.state === "paid" });
}

async function sendWrittenReply(
  ctx: TicketContext,
  tx: Tx,
  ticket: TicketRow,
  staffId: string,
  text: string,
  attachments: Attachment[],
  paid: boolean,
): Promise<{ sentText: string; reach: CustomerReach }> {
  const now = ctx.clock.now();
  const sentText = composeReply(ctx.policy, { text, language: asLanguage(ticket.language), channel: ticket.channel });
  await tx.message.create({
    data: {
      ticketId: ticket.id,
      direction: "out",
      channel: ticket.channel,
      text: sentText,
      attachments: attachments as object[],
      authorStaffId: staffId,
      createdAt: now,
    },
  });
  const files = attachments.map(({ key, name, mimeType, size }) => ({ key, name, mimeType, size }));
  const reach = await notifyCustomer(ctx, tx, ticket, [{ raw: sentText }], { kind: "reply", attachments: files });
  // Already gone by email past the window: no second copy for a customer who asked for email too.
  if (reach !== "email") await copyReplyIfAsked(ctx, tx, ticket, sentText, files);
  if (!ticket.firstReplyAt) await tx.ticket.update({ where: { id: ticket.id }, data: { firstReplyAt: now } });
  await recordEvent(ctx, tx, ticket.id, "replied", `staff:${staffId}`, {
    text: sentText,
    ...(paid ? { paid: true } : {}),
    ...(reach !== "channel" ? { reach } : {}),
  });
  await notifyStaff(ctx, tx, ticket.id, { kind: "reply", text: sentText, author: `staff:${staffId}`, attachments });
  return { sentText, reach };
}

/** An internal note: kept on the timeline, never sent to the customer. */
export async function addNote(
  ctx: TicketContext,
  staffId: string,
  ticketId: string,
  text: string,
  options: { echoToStaffChannels: boolean },
): Promise<Result<void, AuthorizationRefusal | "unknown_staff" | "unknown_ticket" | "empty">> {
  if (text.trim() === "") return refuse("empty");
  const noted = await ctx.db.prisma.$transaction(async (tx) => {
    const acting = await staffActing(ctx, tx, "note", staffId, ticketId);
    if (!acting.ok) return acting;
    await tx.message.create({
      data: { ticketId, direction: "note", channel: "staff", text, authorStaffId: staffId, createdAt: ctx.clock.now() },
    });
    await recordEvent(ctx, tx, ticketId, "note", `staff:${staffId}`, { text });
    if (options.echoToStaffChannels) await notifyStaff(ctx, tx, ticketId, { kind: "note", text, author: `staff:${staffId}` });
    return ok(undefined);
  });
  // Open consoles show the note at once.
  if (noted.ok) ctx.afterCommit({ ticketIds: [ticketId] });
  return noted;
}

/**
 * A customer's message or file while a request is open: attached to the active request (or to the
 * open request `ticketId` of theirs, the one an email answers) and shown to staff.
 */
export async function addCustomerMessage(
  ctx: TicketContext,
  input: { customerId: string; channel: string; text: string; attachments?: Attachment[]; platformMessageId?: string; ticketId?: string },
): Promise<Result<TicketRow, "no_open_ticket">> {
  return inTicketTransaction(
    ctx,
    async (tx): Promise<Result<TicketRow, "no_open_ticket">> => {
      await lockCustomer(tx, input.customerId);
      const ticket = input.ticketId
        ? await tx.ticket.findFirst({ where: { id: input.ticketId, customerId: input.customerId, status: { in: [...openStatuses] } } })
        : await activeRequestOf(tx, input.customerId);
      if (!ticket) return refuse("no_open_ticket");
      await recordCustomerMessage(tx, ticket.id, input, ctx.clock.now());
      await recordEvent(ctx, tx, ticket.id, "customer_message", `customer:${input.customerId}`, {
        attachments: input.attachments?.length ?? 0,
      });
      await notifyStaff(ctx, tx, ticket.id, {
        kind: "customer",
        text: input.text,
        author: "customer",
        attachments: input.attachments ?? [],
      });
      return ok(ticket);
    },
    (r) => (r.ok ? [r.value.id] : []),
  );
}
