import type { Tx } from "../../db/database.js";
import { enqueue } from "../../delivery/store.js";
import { asLanguage } from "../../kernel/language.js";
import type { OutboundMessage, TextPart } from "../../kernel/outbound.js";
import type { TicketContext } from "./context.js";
import { type CustomerReach, pastWindow, replyWindowOf } from "./reply-window.js";
import { recordEvent } from "./timeline.js";

export { recordEvent } from "./timeline.js";

/** The ticket fields needed to reach its customer. */
export interface Addressable {
  id: string;
  channel: string;
  chatId: string | null;
  language: string;
}

export const customerDestination = (ticket: Pick<Addressable, "channel" | "chatId">) => `${ticket.channel}:${ticket.chatId ?? ""}`;

/**
 * Writes a message for the ticket's customer to the outbox ("message": a notice; "reply": staff's
 * written answer, R3.3). Past their channel's reply window it goes by email when known, else nowhere
 * (said on the timeline): the answer says which.
 */
export async function notifyCustomer(
  ctx: TicketContext,
  tx: Tx,
  ticket: Addressable,
  text: TextPart[],
  options: { kind?: "message" | "reply"; buttons?: OutboundMessage["buttons"]; attachments?: OutboundMessage["attachments"] } = {},
): Promise<CustomerReach> {
  if (ticket.chatId === null) return "none";
  const message: OutboundMessage = {
    language: asLanguage(ticket.language),
    text,
    ...(options.buttons ? { buttons: options.buttons } : {}),
    ...(options.attachments && options.attachments.length > 0 ? { attachments: options.attachments } : {}),
  };
  const kind = options.kind ?? "message";
  const window = await replyWindowOf(ctx, tx, ticket);
  if (window.state === "closed") return pastWindow(ctx, tx, ticket.id, { message, kind });
  await enqueue(
    tx,
    { channel: ticket.channel, destination: customerDestination(ticket), kind, payload: { message }, ticketId: ticket.id },
    ctx.clock.now(),
  );
  return "channel";
}

/** A notice from the tickets namespace of the locale files. */
export const notice = (key: string, vars?: Record<string, unknown>): TextPart =>
  vars ? { key: `tickets:${key}`, vars } : { key: `tickets:${key}` };

/** What a thread line is: a reply the customer received, an internal note, or the customer's own message. */
export type ThreadKind = "reply" | "note" | "customer";

/**
 * Keeps staff channels showing the truth: "card" re-renders the ticket's card from the database
 * when it is delivered; "thread" posts a line in the card's thread.
 */
export async function notifyStaff(
  ctx: TicketContext,
  tx: Tx,
  ticketId: string,
  thread?: { kind: ThreadKind; text: string; author?: string; attachments?: unknown[] },
) {
  for (const channel of ctx.staffChannels) {
    const entry = thread
      ? { channel, destination: `${channel}:ticket:${ticketId}`, kind: "thread", payload: { ...thread }, ticketId }
      : { channel, destination: `${channel}:ticket:${ticketId}`, kind: "card", payload: {}, ticketId };
    await enqueue(tx, entry, ctx.clock.now());
  }
}

/** An SLA alert for staff channels (R2.4): a warning point reached, or the deadline passed. */
export interface SlaAlert {
  stage: "warning" | "breach";
  /** 1-based warning point (warnings only). */
  point?: number;
  deadline: string;
  /** Whole hours left to the deadline when the warning fired (warnings only). */
  hoursLeft?: number;
}

/** Asks staff channels to say it out loud: a mention in the card's thread at a warning, an escalation at a breach. */
export async function alertStaff(ctx: TicketContext, tx: Tx, ticketId: string, alert: SlaAlert) {
  for (const channel of ctx.staffChannels) {
    const entry = { channel, destination: `${channel}:ticket:${ticketId}`, kind: "sla_alert", payload: { ...alert }, ticketId };
    await enqueue(tx, entry, ctx.clock.now());
  }
}

/** The usual end of a change: the timeline event, a notice to the customer naming the ticket, a fresh staff card. */
export async function announce(
  ctx: TicketContext,
  tx: Tx,
  ticket: Addressable & { number: number },
  change: { event: string; actor: string; data?: Record<string, unknown>; notice: string; vars?: Record<string, unknown> },
) {
  await recordEvent(ctx, tx, ticket.id, change.event, change.actor, change.data);
  await notifyCustomer(ctx, tx, ticket, [notice(change.notice, { number: ticket.number, ...change.vars })]);
  await notifyStaff(ctx, tx, ticket.id);
}

/** A customer's own words (and files) on a ticket, as received. */
export async function recordCustomerMessage(
  tx: Tx,
  ticketId: string,
  message: { customerId: string; channel: string; text: string; attachments?: object[]; platformMessageId?: string },
  at: Date,
) {
  await tx.message.create({
    data: {
      ticketId,
      customerId: message.customerId,
      direction: "in",
      channel: message.channel,
      text: message.text,
      attachments: message.attachments ?? [],
      platformMessageId: message.platformMessageId ?? null,
      createdAt: at,
    },
  });
}
