import { ok, type Result, refuse } from "../../../kernel/result.js";
import type { TicketContext } from "../context.js";
import { type ReplyWindowView, replyWindowOf } from "../reply-window.js";
import { loadTicket } from "../ticket-reads.js";
import { staffScope } from "./scope.js";

/**
 * Where a reply to the ticket would stand in its channel's reply window, for staff about to write
 * (null: the channel has none). R4.1: within the staff member's scope.
 */
export async function ticketReplyWindow(
  ctx: TicketContext,
  staffId: string,
  ticketId: string,
): Promise<Result<ReplyWindowView | null, string>> {
  const prisma = ctx.db.prisma;
  const [scope, ticket] = await Promise.all([staffScope(ctx, prisma, staffId), loadTicket(prisma, ticketId)]);
  if (!scope.ok) return scope;
  if (!ticket) return refuse("unknown_ticket");
  if (!scope.value.mayView(ticket)) return refuse("not_your_department");
  return ok(ctx.replyWindows?.[ticket.channel] ? await replyWindowOf(ctx, prisma, ticket) : null);
}
