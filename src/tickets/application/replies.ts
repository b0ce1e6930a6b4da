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
  | "no_delivered_reply";

/**
 * A written answer to the customer (R3.3): refused when empty, proposing a call or a verbal
 * exchange (R3.4) or abusive (R4.2); the greeting (R3.5) and, for email, the closing (R3.6) are
 * added here, and what is stored is exactly what the customer receives.
 */
export async function reply(
  ctx: TicketContext,
  staffId: string,
  ticketId: string,
  text: string,
  attachments: Attachment[] = [],
): Promise<Result<{ ticket: TicketRow; sentText: string }, ReplyRefusal>> {
  return inTicketTransaction(
    ctx,
    async (tx) => {
      await lockCustomerOfTicket(tx, ticketId);
      const checked = await checkStaffWrite(ctx, tx, "reply", staffId, ticketId, text);
      if (!checked.ok) return checked;
      const sentText = await sendWrittenReply(ctx, tx, checked.value.ticket, staffId, text, attachments);
      return ok({ ticket: checked.value.ticket, sentText });
    },
    (r) => (r.ok ? [r.value.ticket.id] : []),
  );
}

/**
 * Resolves with a resolution text that is itself a reply. Refused until an earlier written reply
 * has actually been delivered (its outbox row marked sent, R3.3). Releases the customer's next
 * request (R2.5) and asks for a rating (R4.2).
 */
export async function resolve(
  ctx: TicketContext,
  staffId: string,
  ticketId: string,
  text: string,
): Promise<Result<{ ticket: TicketRow; sentText: string; released: TicketRow | null }, ReplyRefusal>> {
  return inTicketTransaction(
    ctx,
    async (tx) => {
      await lockCustomerOfTicket(tx, ticketId);
      const checked = await checkStaffWrite(ctx, tx, "resolve", staffId, ticketId, text);
      if (!checked.ok) return checked;
      const delivered = await tx.outboxMessage.count({ where: { ticketId, kind: "reply", status: "sent" } });
      if (delivered === 0) return refuse("no_delivered_reply");
      const now = ctx.clock.now();
      const sentText = await sendWrittenReply(ctx, tx, checked.value.ticket, staffId, text, []);
      const resolved = await takeStep(tx, checked.value.ticket, "resolve", { resolvedAt: now });
      if (!resolved.ok) return resolved;
      const ticket = resolved.value;
      await recordEvent(ctx, tx, ticketId, "resolved", `staff:${staffId}`);
      await notifyCustomer(ctx, tx, ticket, [notice("rate_prompt", { number: ticket.number })], {
        buttons: [ratingButtons(ticket.number)],
      });
      await notifyStaff(ctx, tx, ticketId);
      const released = ticket.kind === "request" ? await releaseNextInChain(ctx, tx, ticket.customerId) : null;
      return ok({ ticket, sentText, released });
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
): Promise<Result<{ ticket: TicketRow }, ReplyRefusal>> {
  const acting = await staffActing(ctx, tx, action, staffId, ticketId);
  if (!acting.ok) return acting;
  const { ticket } = acting.value;
  const allowed = nextStatus(ticket, action);
  if (!allowed.ok) return allowed;
  const rules = checkReplyText(ctx.policy, text);
  if (!rules.ok) return rules as Result<never, ReplyRefusal>;
  return ok({ ticket });
}

async function sendWrittenReply(ctx: TicketContext, tx: Tx, ticket: TicketRow, staffId: string, text: string, attachments: Attachment[]) {
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
  await notifyCustomer(ctx, tx, ticket, [{ raw: sentText }], { kind: "reply", attachments: files });
  await copyReplyIfAsked(ctx, tx, ticket, sentText, files);
  if (!ticket.firstReplyAt) await tx.ticket.update({ where: { id: ticket.id }, data: { firstReplyAt: now } });
  await recordEvent(ctx, tx, ticket.id, "replied", `staff:${staffId}`, { text: sentText });
  await notifyStaff(ctx, tx, ticket.id, { kind: "reply", text: sentText, author: `staff:${staffId}`, attachments });
  return sentText;
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
