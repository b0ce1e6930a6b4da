import type { SlaState, TicketRow } from "../tickets/index.js";
import { storedFiles } from "./file-links.js";
import type { SlackContext, StoredFile } from "./slack-context.js";

/** Everything a ticket card shows, read from the database when the card is rendered. */
export interface CardData {
  ticket: TicketRow;
  customerName: string | null;
  claimer: { name: string; slackUserId: string | null } | null;
  /** 1-based place in the department's queue while the ticket waits. */
  position: number | null;
  sla: SlaState | null;
  attachments: StoredFile[];
}

export async function loadCardData(ctx: SlackContext, ticketId: string): Promise<CardData | null> {
  const ticket = await ctx.db.prisma.ticket.findUnique({ where: { id: ticketId }, include: { customer: true } });
  if (!ticket) return null;
  const { customer, ...row } = ticket;
  const [claimer, queue, first] = await Promise.all([
    row.claimedById ? ctx.db.prisma.staff.findUnique({ where: { id: row.claimedById } }) : null,
    row.status === "ready" || row.status === "claimed" ? ctx.tickets.queueView(row.departmentId) : null,
    ctx.db.prisma.message.findFirst({ where: { ticketId, direction: "in" }, orderBy: { seq: "asc" } }),
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
  };
}
