import { type StoredFile, storedFiles } from "../../../kernel/stored-file.js";
import type { TicketContext } from "../context.js";
import type { SlaState } from "../schedule.port.js";
import type { TicketRow } from "../ticket-reads.js";
import { positionOf } from "../ticket-reads.js";
import { slaOf } from "../views.js";
import { customerNameOf } from "./summaries.js";

/** Everything a ticket's staff card shows, read when the card is rendered. */
export interface CardData {
  ticket: TicketRow;
  customerName: string | null;
  claimer: { name: string; slackUserId: string | null } | null;
  /** 1-based place in the department's queue while the ticket waits. */
  position: number | null;
  sla: SlaState | null;
  /** The files of the customer's first message. */
  attachments: StoredFile[];
  /** A satisfaction case (R4.2): the rated ticket's number, the stars and the customer's comment. */
  satisfaction: { aboutNumber: number; stars: number; comment: string | null } | null;
}

export async function cardData(ctx: TicketContext, ticketId: string): Promise<CardData | null> {
  const prisma = ctx.db.prisma;
  const found = await prisma.ticket.findUnique({ where: { id: ticketId }, include: { customer: true } });
  if (!found) return null;
  const { customer, ...ticket } = found;
  const inQueue = ticket.status === "ready" || ticket.status === "claimed";
  const [claimer, position, first, satisfaction] = await Promise.all([
    ticket.claimedById ? prisma.staff.findUnique({ where: { id: ticket.claimedById } }) : null,
    positionOf(prisma, ticket),
    prisma.message.findFirst({ where: { ticketId, direction: "in" }, orderBy: { seq: "asc" } }),
    satisfactionOf(ctx, ticket),
  ]);
  return {
    ticket,
    customerName: customerNameOf(ticket, customer.name),
    claimer: claimer ? { name: claimer.name, slackUserId: claimer.slackUserId } : null,
    position,
    sla: inQueue ? slaOf(ctx, ticket, ctx.clock.now()) : null,
    attachments: storedFiles(first?.attachments),
    satisfaction,
  };
}

async function satisfactionOf(ctx: TicketContext, ticket: TicketRow): Promise<CardData["satisfaction"]> {
  if (ticket.kind !== "satisfaction" || !ticket.relatedTicketId) return null;
  const about = await ctx.db.prisma.ticket.findUnique({ where: { id: ticket.relatedTicketId }, include: { rating: true } });
  if (!about?.rating) return null;
  return { aboutNumber: about.number, stars: about.rating.stars, comment: about.rating.comment };
}
