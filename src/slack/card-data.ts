import { type StoredFile, storedFiles } from "../kernel/stored-file.js";
import type { SlaState, TicketRow } from "../tickets/index.js";
import type { SlackContext } from "./slack-context.js";

/** Everything a ticket card shows, read from the database when the card is rendered. */
export interface CardData {
  ticket: TicketRow;
  customerName: string | null;
  claimer: { name: string; slackUserId: string | null } | null;
  /** 1-based place in the department's queue while the ticket waits. */
  position: number | null;
  sla: SlaState | null;
  attachments: StoredFile[];
  /** A satisfaction case (R4.2): the rated ticket's number, the stars and the customer's comment. */
  satisfaction: { aboutNumber: number; stars: number; comment: string | null } | null;
}

export async function loadCardData(ctx: SlackContext, ticketId: string): Promise<CardData | null> {
  const ticket = await ctx.db.prisma.ticket.findUnique({ where: { id: ticketId }, include: { customer: true } });
  if (!ticket) return null;
  const { customer, ...row } = ticket;
  const [claimer, queue, first, satisfaction] = await Promise.all([
    row.claimedById ? ctx.db.prisma.staff.findUnique({ where: { id: row.claimedById } }) : null,
    row.status === "ready" || row.status === "claimed" ? ctx.tickets.queueView(row.departmentId) : null,
    ctx.db.prisma.message.findFirst({ where: { ticketId, direction: "in" }, orderBy: { seq: "asc" } }),
    satisfactionOf(ctx, row),
  ]);
  const entry = queue ? [...queue.waiting, ...queue.claimed].find((e) => e.ticket.id === ticketId) : undefined;
  const contactName = (row.contact as { name?: unknown } | null)?.name;
  return {
    ticket: row,
    customerName: typeof contactName === "string" && contactName.trim() !== "" ? contactName : customer.name,
    claimer: claimer ? { name: claimer.name, slackUserId: claimer.slackUserId } : null,
    position: row.status === "ready" ? (entry?.position ?? null) : null,
    sla: entry?.sla ?? null,
    attachments: storedFiles(first?.attachments),
    satisfaction,
  };
}

async function satisfactionOf(ctx: SlackContext, ticket: TicketRow): Promise<CardData["satisfaction"]> {
  if (ticket.kind !== "satisfaction" || !ticket.relatedTicketId) return null;
  const about = await ctx.db.prisma.ticket.findUnique({ where: { id: ticket.relatedTicketId }, include: { rating: true } });
  if (!about?.rating) return null;
  return { aboutNumber: about.number, stars: about.rating.stars, comment: about.rating.comment };
}
