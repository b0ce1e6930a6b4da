import type { Tx } from "../../db/database.js";
import type { OutboundMessage } from "../../kernel/outbound.js";
import type { ReplyWindow } from "../../kernel/reply-window.js";
import { type ReplyWindowState, replyWindowEnds, replyWindowState } from "../domain/reply-window.js";
import type { TicketContext } from "./context.js";
import { enqueueEmailCopy } from "./email-copy.js";
import { recordEvent } from "./timeline.js";

/** How a message reached the customer: their own channel, email (past the window), or not at all. */
export type CustomerReach = "channel" | "email" | "none";

/** A ticket's customer in their channel's reply window, as staff see it before writing. */
export interface ReplyWindowView {
  /** The customer's channel (the ticket's). */
  channel: string;
  state: ReplyWindowState;
  lastInteractionAt: Date | null;
  /** Set when the channel has a window and the last interaction is known. */
  freeUntil: Date | null;
  paidUntil: Date | null;
}

/**
 * Where a message to the ticket's customer would stand now. A channel with a reply window talks 1:1:
 * its chat is the customer's identity on it, which keeps their last interaction.
 */
export async function replyWindowOf(
  ctx: TicketContext,
  tx: Tx,
  ticket: { channel: string; chatId: string | null },
): Promise<ReplyWindowView> {
  const window: ReplyWindow | undefined = ctx.replyWindows?.[ticket.channel];
  const free = { channel: ticket.channel, state: "free" as const, lastInteractionAt: null, freeUntil: null, paidUntil: null };
  if (!window || ticket.chatId === null) return free;
  const identity = await tx.customerIdentity.findUnique({
    where: { channel_externalId: { channel: ticket.channel, externalId: ticket.chatId } },
    select: { lastInteractionAt: true },
  });
  const last = identity?.lastInteractionAt ?? null;
  const ends = last ? replyWindowEnds(window, last) : null;
  return {
    channel: ticket.channel,
    state: replyWindowState(window, last, ctx.clock.now()),
    lastInteractionAt: last,
    freeUntil: ends?.freeUntil ?? null,
    paidUntil: ends?.paidUntil ?? null,
  };
}

/**
 * A message the customer's channel would refuse (its window has closed): by email when the customer
 * gave an address and the mailbox is on, else only on the ticket's page, with the reason on the timeline.
 */
export async function pastWindow(
  ctx: TicketContext,
  tx: Tx,
  ticketId: string,
  copy: { message: OutboundMessage; kind: "message" | "reply" },
): Promise<CustomerReach> {
  const byEmail = await enqueueEmailCopy(ctx, tx, { ticketId, ...copy, reason: "channel_unreachable" });
  if (byEmail) return "email";
  await recordEvent(ctx, tx, ticketId, "not_sent", "system", { reason: "reply_window_closed", kind: copy.kind });
  return "none";
}
