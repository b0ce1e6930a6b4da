import { createHash } from "node:crypto";
import type { OutboxRow, Sender, SendResult } from "../delivery/outbox.js";
import { storedFiles } from "../kernel/stored-file.js";
import type { CardData } from "../tickets/index.js";
import { type CardRole, POSITIONS_SHOWN, renderCard } from "./cards.js";
import { filesLine } from "./file-links.js";
import { refreshHomesFor } from "./home.js";
import { escapeMrkdwn } from "./mrkdwn.js";
import { postSlaAlert } from "./sla-alerts.js";
import { departmentChannel, type SlackContext } from "./slack-context.js";
import { cardKey, type MessageRef } from "./store.js";
import { threadRootOf } from "./thread-root.js";
import { platformErrorOf, toDeliveryError } from "./web-client.js";

/**
 * The outbox's Slack sender. "card": re-renders the ticket's card from the database and posts it,
 * or chat.updates it where it was posted, in every channel that should show it. "thread": a line in
 * the card's thread (customer messages, the replies exactly as sent). "thread_erase": deletes the
 * thread lines it posted for a ticket whose content was wiped.
 */
export function createSlackSender(ctx: SlackContext): Sender {
  return {
    async send(row: OutboxRow): Promise<SendResult> {
      if (row.kind === "notice") return postNotice(ctx, row);
      const ticketId = row.ticketId ?? /^slack:ticket:(.+)$/.exec(row.destination)?.[1];
      if (!ticketId) return {};
      if (row.kind === "thread") return postInThread(ctx, ticketId, row.payload);
      if (row.kind === "thread_erase") return eraseThreadLines(ctx, ticketId, row.payload);
      if (row.kind === "sla_alert") return postSlaAlert(ctx, ticketId, row.payload);
      return syncCards(ctx, ticketId);
    },
  };
}

/**
 * "notice": a line for a channel's people, not about one ticket (a channel module that stopped
 * working, for Customer care), to `slack:channel:<channel as configured>`.
 */
async function postNotice(ctx: SlackContext, row: OutboxRow): Promise<SendResult> {
  const channel = /^slack:channel:(.+)$/.exec(row.destination)?.[1];
  const text = typeof row.payload.text === "string" ? row.payload.text : "";
  if (!channel || !text) return {};
  const posted = await ctx.client.chat.postMessage({ channel, text, unfurl_links: false }).catch((error: unknown) => {
    throw toDeliveryError(error, "chat.postMessage (notice)");
  });
  return posted.ts ? { platformMessageId: posted.ts } : {};
}

interface Target {
  /** The channel as configured (an id, or a name for the first post). */
  configured: string;
  role: CardRole;
}

/** Where a ticket's card belongs now (R1.5 feed and approvals, R2.6 general duty on holidays). */
function targetsFor(ctx: SlackContext, data: CardData, postedKeys: Set<string>): Target[] {
  const { policy } = ctx;
  const { ticket } = data;
  const targets: Target[] = [];
  const add = (configured: string | undefined, role: CardRole) => {
    if (configured && !targets.some((t) => t.configured === configured)) targets.push({ configured, role });
  };
  const approvals = ticket.status === "awaiting_approval";
  add(departmentChannel(policy, approvals ? policy.customerCare.department : ticket.departmentId), "work");
  const duty = policy.generalDuty.slackChannel;
  const holiday = ctx.tickets.isHolidayNow();
  if (duty && ((holiday && ticket.status === "ready") || postedKeys.has(cardKey(ticket.id, duty)))) add(duty, "work");
  add(policy.customerCare.feedChannel, "feed");
  return targets;
}

async function syncCards(ctx: SlackContext, ticketId: string): Promise<SendResult> {
  const result = await syncTicketCards(ctx, ticketId);
  const ticket = await ctx.tickets.ticketBrief(ticketId);
  if (ticket) await refreshQueue(ctx, ticket.departmentId, ticketId);
  await refreshHomesFor(ctx, ticketId);
  return result;
}

/**
 * A claim, an unclaim or a new ticket moves everyone behind it: the other waiting cards of the
 * department are re-rendered, and updated only where what they show changed (their position).
 * Cards show exact positions only at the head of the line (POSITIONS_SHOWN), so only the head and
 * the one card that may just have entered it are looked at, however long the queue.
 */
/** Cards behind the head also looked at: several tickets may have moved in before one refresh ran. */
const REFRESH_MARGIN = 5;

async function refreshQueue(ctx: SlackContext, departmentId: string, except: string): Promise<void> {
  const queue = await ctx.tickets.queueView(departmentId, { limit: POSITIONS_SHOWN + REFRESH_MARGIN });
  for (const entry of queue.waiting) {
    if (entry.ticket.id === except) continue;
    const posted = await ctx.store.cardsOf(entry.ticket.id);
    if (posted.length > 0) await syncTicketCards(ctx, entry.ticket.id, { postMissing: false });
  }
}

async function syncTicketCards(ctx: SlackContext, ticketId: string, options = { postMissing: true }): Promise<SendResult> {
  const data = await ctx.tickets.cardData(ticketId);
  if (!data) return {};
  const refs = await ctx.store.cardsOf(ticketId);
  const targets = targetsFor(ctx, data, new Set(refs.map((r) => r.key)));
  // A card left in a channel the ticket no longer belongs to (rerouted, approved) is kept up to date, read-only.
  for (const ref of refs) {
    const configured = ref.key.slice(cardKey(ticketId, "").length);
    if (!targets.some((t) => t.configured === configured)) targets.push({ configured, role: "moved" });
  }
  let first: string | undefined;
  for (const target of targets) {
    const ref = refs.find((r) => r.key === cardKey(ticketId, target.configured));
    if (!ref && !options.postMissing) continue;
    const ts = await syncCard(ctx, data, target, ref);
    first ??= ts;
  }
  return first ? { platformMessageId: first } : {};
}

async function syncCard(ctx: SlackContext, data: CardData, target: Target, ref: MessageRef | undefined): Promise<string> {
  const message = renderCard(data, target.role, ctx.policy, ctx.i18n, ctx.channelLanguage, ctx.fileLink);
  const digest = createHash("sha256").update(JSON.stringify(message)).digest("hex");
  if (ref) {
    if (ref.digest === digest) return ref.ts;
    try {
      // Attachments always go along: an empty list takes a past red stripe off.
      await ctx.client.chat.update({
        channel: ref.channel,
        ts: ref.ts,
        text: message.text,
        blocks: message.blocks,
        attachments: message.attachments ?? [],
      });
      await ctx.store.updated(ref.key, digest);
      return ref.ts;
    } catch (error) {
      // Someone deleted the card: post it again below.
      if (platformErrorOf(error) !== "message_not_found") throw toDeliveryError(error, "chat.update");
    }
  }
  const posted = await ctx.client.chat
    .postMessage({
      channel: target.configured,
      text: message.text,
      blocks: message.blocks,
      ...(message.attachments ? { attachments: message.attachments } : {}),
      unfurl_links: false,
    })
    .catch((error: unknown) => {
      throw toDeliveryError(error, "chat.postMessage");
    });
  const channel = posted.channel ?? target.configured;
  const ts = String(posted.ts);
  await ctx.store.posted({ key: cardKey(data.ticket.id, target.configured), ticketId: data.ticket.id, channel, ts, digest });
  return ts;
}

async function postInThread(ctx: SlackContext, ticketId: string, payload: Record<string, unknown>): Promise<SendResult> {
  const root = await threadRootOf(ctx, ticketId);
  if (!root) return {};
  const text = typeof payload.text === "string" ? payload.text : "";
  const author = typeof payload.author === "string" ? payload.author : "system";
  const language = ctx.channelLanguage;
  // Rows written before threads carried a kind: a staff author meant a reply.
  const kind = payload.kind === "note" || payload.kind === "customer" ? payload.kind : "reply";
  const who = await authorLabel(ctx, author, kind);
  const files = storedFiles(payload.attachments);
  const lines = [`*${escapeMrkdwn(who)}*`, escapeMrkdwn(text)];
  if (files.length > 0) lines.push(filesLine(files, ctx.fileLink, (names) => ctx.i18n.t(language, "slack:card.attachments", { names })));
  const posted = await ctx.client.chat
    .postMessage({ channel: root.channel, thread_ts: root.ts, text: lines.join("\n"), unfurl_links: false, unfurl_media: false })
    .catch((error: unknown) => {
      throw toDeliveryError(error, "chat.postMessage (thread)");
    });
  return { platformMessageId: String(posted.ts) };
}

/**
 * chat.delete for each line posted in the ticket's thread: tried in the thread's channel first, then
 * in the other channels of its cards (a ticket moved after the line was posted). A line no longer
 * there anywhere is already gone, so a retry after a failure half-way deletes only what is left.
 */
async function eraseThreadLines(ctx: SlackContext, ticketId: string, payload: Record<string, unknown>): Promise<SendResult> {
  const ids = Array.isArray(payload.ids) ? payload.ids.filter((id): id is string => typeof id === "string") : [];
  const root = await threadRootOf(ctx, ticketId);
  const channels = [...new Set([...(root ? [root.channel] : []), ...(await ctx.store.cardsOf(ticketId)).map((ref) => ref.channel)])];
  for (const ts of ids) {
    for (const channel of channels) {
      const deleted = await ctx.client.chat.delete({ channel, ts }).then(
        () => true,
        (error: unknown) => {
          if (platformErrorOf(error) === "message_not_found") return false;
          throw toDeliveryError(error, "chat.delete (thread)");
        },
      );
      if (deleted) break;
    }
  }
  return {};
}

/** Who wrote the line and what it is: a note is labelled internal, never "sent to the customer". */
async function authorLabel(ctx: SlackContext, author: string, kind: "reply" | "note" | "customer"): Promise<string> {
  const language = ctx.channelLanguage;
  if (author === "customer") return ctx.i18n.t(language, "slack:thread.customer");
  const staffId = /^staff:(.+)$/.exec(author)?.[1];
  if (!staffId) return ctx.i18n.t(language, "slack:thread.system");
  const staff = await ctx.tickets.staffMember(staffId);
  return ctx.i18n.t(language, kind === "note" ? "slack:thread.note" : "slack:thread.staff", { name: staff?.name ?? staffId });
}
