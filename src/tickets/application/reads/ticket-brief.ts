import type { TicketContext } from "../context.js";

/** The few facts of a ticket an adapter needs to route or label something (its channel, its claimer). */
export interface TicketBrief {
  id: string;
  number: number;
  departmentId: string;
  language: string;
  claimer: { id: string; name: string; slackUserId: string | null } | null;
}

export async function ticketBrief(ctx: TicketContext, ticketId: string): Promise<TicketBrief | null> {
  const ticket = await ctx.db.prisma.ticket.findUnique({
    where: { id: ticketId },
    select: { id: true, number: true, departmentId: true, language: true, claimedById: true },
  });
  if (!ticket) return null;
  const claimer = ticket.claimedById
    ? await ctx.db.prisma.staff.findUnique({ where: { id: ticket.claimedById }, select: { id: true, name: true, slackUserId: true } })
    : null;
  const { claimedById: _, ...brief } = ticket;
  return { ...brief, claimer };
}

/** The ticket of a customer by its number (the number a button or a message names), or null when it is not theirs. */
export async function customerTicketId(ctx: TicketContext, customerId: string, number: number): Promise<string | null> {
  if (!Number.isSafeInteger(number)) return null;
  const ticket = await ctx.db.prisma.ticket.findFirst({ where: { number, customerId }, select: { id: true } });
  return ticket?.id ?? null;
}
