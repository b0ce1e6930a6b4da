import type { TicketStatus } from "../../domain/ticket.js";
import type { TicketContext } from "../context.js";

/** What the email channel needs of a ticket: to thread and sign its mails, and to check who may answer it. */
export interface MailTicket {
  id: string;
  number: number;
  kind: string;
  status: TicketStatus;
  channel: string;
  language: string;
  accessToken: string;
  customerId: string;
  /** The customer's address on file: only mail from it joins the ticket. */
  customerEmail: string | null;
}

export async function mailTicket(ctx: TicketContext, where: { id: string } | { number: number }): Promise<MailTicket | null> {
  if ("number" in where && !Number.isSafeInteger(where.number)) return null;
  const ticket = await ctx.db.prisma.ticket.findUnique({
    where,
    select: {
      id: true,
      number: true,
      kind: true,
      status: true,
      channel: true,
      language: true,
      accessToken: true,
      customerId: true,
      customer: { select: { email: true } },
    },
  });
  if (!ticket) return null;
  const { customer, ...rest } = ticket;
  return { ...rest, customerEmail: customer.email };
}

/** The ticket a customer's message with this platform id went to (a mail handled before a crash), or null. */
export async function ticketOfCustomerMessage(ctx: TicketContext, customerId: string, platformMessageId: string): Promise<string | null> {
  const message = await ctx.db.prisma.message.findFirst({
    where: { customerId, direction: "in", platformMessageId, ticketId: { not: null } },
    select: { ticketId: true },
  });
  return message?.ticketId ?? null;
}
