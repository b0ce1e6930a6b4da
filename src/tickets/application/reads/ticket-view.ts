import { ok, type Result, refuse } from "../../../kernel/result.js";
import { type StoredFile, storedFiles } from "../../../kernel/stored-file.js";
import type { TicketContext } from "../context.js";
import { type IdentityCheck, identityCheck } from "../privacy.js";
import { type ReplyWindowView, replyWindowOf } from "../reply-window.js";
import { loadTicket } from "../ticket-reads.js";
import { type ScopeRefusal, staffScope } from "./scope.js";
import { type HistoryEntry, historyOf, staffNames, summarize, type TicketSummary } from "./summaries.js";

/** The full view of one ticket for staff: customer, every message (internal notes included) and the timeline. */
export interface TicketView {
  ticket: TicketSummary & { description: string; contact: unknown; channel: string; language: string; accessToken: string };
  customer: { id: string; name: string | null; phone: string | null; email: string | null; website: string | null } | null;
  messages: { seq: number; direction: string; text: string; author: string | null; createdAt: Date; attachments: StoredFile[] }[];
  timeline: { seq: number; type: string; actor: string; actorName: string; data: unknown; at: Date }[];
  rating: { stars: number; comment: string | null } | null;
  /** The customer's other tickets, newest first. */
  earlier: HistoryEntry[];
  /** Account work (the policy's verifiedCategories) waits for a verified contact: staff see whether it is. */
  identity: IdentityCheck;
  /** The customer's channel has a reply window (Zalo OA): is a reply now free, paid, or past it. */
  replyWindow: ReplyWindowView | null;
  /** Set when the content was deleted (retention period, or the customer's request). */
  anonymizedAt: Date | null;
}

export type TicketViewRefusal = ScopeRefusal | "unknown_ticket" | "not_your_department";

/** R4.1: staff read their department's tickets (Customer care every ticket, anyone the ticket they hold). */
export async function ticketView(ctx: TicketContext, staffId: string, ticketId: string): Promise<Result<TicketView, TicketViewRefusal>> {
  const prisma = ctx.db.prisma;
  const [scope, ticket] = await Promise.all([staffScope(ctx, prisma, staffId), loadTicket(prisma, ticketId)]);
  if (!scope.ok) return scope;
  if (!ticket) return refuse("unknown_ticket");
  if (!scope.value.mayView(ticket)) return refuse("not_your_department");

  const [customer, messages, timeline, rating, earlier, [summary], identity, replyWindow] = await Promise.all([
    prisma.customer.findUnique({ where: { id: ticket.customerId } }),
    prisma.message.findMany({ where: { ticketId }, orderBy: { seq: "asc" } }),
    prisma.timelineEvent.findMany({ where: { ticketId }, orderBy: { seq: "asc" } }),
    prisma.rating.findUnique({ where: { ticketId } }),
    historyOf(prisma, [ticket.customerId], scope.value.visible, 21),
    summarize(ctx, prisma, [ticket]),
    identityCheck(ctx, prisma, ticket),
    ctx.replyWindows?.[ticket.channel] ? replyWindowOf(ctx, prisma, ticket) : null,
  ]);
  const staffIdOf = (actor: string) => (actor.startsWith("staff:") ? actor.slice("staff:".length) : null);
  const names = await staffNames(prisma, [...messages.map((m) => m.authorStaffId), ...timeline.map((e) => staffIdOf(e.actor))]);
  // "staff:<id>" → their name; the customer and the system by role: ids mean nothing to a reader.
  const actorName = (actor: string) => {
    const staff = staffIdOf(actor);
    if (staff) return names.get(staff) ?? "?";
    return actor.startsWith("customer:") ? (customer?.name ?? "customer") : actor;
  };
  if (!summary) throw new Error("a loaded ticket has a summary");
  return ok({
    ticket: {
      ...summary,
      description: ticket.description,
      contact: ticket.contact,
      channel: ticket.channel,
      language: ticket.language,
      accessToken: ticket.accessToken,
    },
    customer: customer && { id: customer.id, name: customer.name, phone: customer.phone, email: customer.email, website: customer.website },
    messages: messages.map((m) => ({
      seq: m.seq,
      direction: m.direction,
      text: m.text,
      author: m.authorStaffId ? (names.get(m.authorStaffId) ?? "?") : null,
      createdAt: m.createdAt,
      attachments: storedFiles(m.attachments),
    })),
    timeline: timeline.map((e) => ({ seq: e.seq, type: e.type, actor: e.actor, actorName: actorName(e.actor), data: e.data, at: e.at })),
    rating: rating && { stars: rating.stars, comment: rating.comment },
    earlier: earlier
      .filter((e) => e.id !== ticket.id)
      .slice(0, 20)
      .map(({ customerId: _customer, ...e }) => e),
    identity,
    replyWindow,
    anonymizedAt: ticket.anonymizedAt,
  });
}
