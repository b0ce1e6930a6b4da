import type { Language } from "../../kernel/language.js";
import { storedFiles } from "../../kernel/stored-file.js";
import { departmentName } from "../../policy/names.js";
import type { SlaState, TicketRow } from "../../tickets/index.js";
import type { WebContext } from "../context.js";
import { fileLinkExpiry, signedFilePath } from "../file-links.js";
import { publicBase, signedTicketId } from "../ticket-links.js";

/** Read models for the console: what a list row and a ticket view show. Changes go through the ticket service. */

export interface StaffMember {
  id: string;
  name: string;
  departments: string[];
  generalDuty: boolean;
  active: boolean;
}

export async function loadStaffMember(ctx: WebContext, staffId: string): Promise<StaffMember | null> {
  return ctx.db.prisma.staff.findUnique({
    where: { id: staffId },
    select: { id: true, name: true, departments: true, generalDuty: true, active: true },
  });
}

export const isCustomerCare = (ctx: WebContext, staff: StaffMember) => staff.departments.includes(ctx.policy.customerCare.department);

export const slaOf = (ctx: WebContext, t: Pick<TicketRow, "readyAt" | "resolutionDueAt" | "resolvedAt">): SlaState | null =>
  t.readyAt && t.resolutionDueAt
    ? ctx.tickets.context.schedule.slaState(t.readyAt, t.resolutionDueAt, t.resolvedAt ?? ctx.clock.now())
    : null;

/** One line of a list: enough to pick a ticket, with the customer's words as plain data. */
export async function summarize(ctx: WebContext, tickets: TicketRow[], language: Language, positions?: Map<string, number>) {
  const customerIds = [...new Set(tickets.map((t) => t.customerId))];
  const staffIds = [...new Set(tickets.map((t) => t.claimedById).filter((id): id is string => id !== null))];
  const [customers, staff] = await Promise.all([
    ctx.db.prisma.customer.findMany({ where: { id: { in: customerIds } }, select: { id: true, name: true } }),
    ctx.db.prisma.staff.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } }),
  ]);
  const customerName = new Map(customers.map((c) => [c.id, c.name]));
  const staffName = new Map(staff.map((s) => [s.id, s.name]));
  return tickets.map((t) => ({
    id: t.id,
    number: t.number,
    kind: t.kind,
    status: t.status,
    departmentId: t.departmentId,
    department: departmentName(ctx.policy, t.departmentId, language),
    position: positions?.get(t.id) ?? null,
    sla: slaOf(ctx, t),
    excerpt: t.description.slice(0, 160),
    customerName: contactName(t) ?? customerName.get(t.customerId) ?? null,
    claimedBy: t.claimedById ? { id: t.claimedById, name: staffName.get(t.claimedById) ?? "?" } : null,
    readyAt: t.readyAt,
    resolutionDueAt: t.resolutionDueAt,
    createdAt: t.createdAt,
  }));
}

const contactName = (t: TicketRow): string | null => {
  const contact = t.contact as { name?: unknown } | null;
  return typeof contact?.name === "string" ? contact.name : null;
};

/** The full view of one ticket: customer, every message (internal notes included) and the timeline. */
export async function ticketDetail(ctx: WebContext, ticket: TicketRow, language: Language) {
  const [customer, messages, timeline, rating, earlier] = await Promise.all([
    ctx.db.prisma.customer.findUnique({ where: { id: ticket.customerId } }),
    ctx.db.prisma.message.findMany({ where: { ticketId: ticket.id }, orderBy: { seq: "asc" } }),
    ctx.tickets.timeline(ticket.id),
    ctx.db.prisma.rating.findUnique({ where: { ticketId: ticket.id } }),
    ctx.db.prisma.ticket.findMany({
      where: { customerId: ticket.customerId, id: { not: ticket.id } },
      orderBy: { number: "desc" },
      take: 20,
      select: { id: true, number: true, status: true, kind: true, departmentId: true, createdAt: true },
    }),
  ]);
  const eventStaffIds = timeline.flatMap((e) => (e.actor.startsWith("staff:") ? [e.actor.slice("staff:".length)] : []));
  const authorIds = [...new Set([...messages.map((m) => m.authorStaffId).filter((id): id is string => id !== null), ...eventStaffIds])];
  const authors = await ctx.db.prisma.staff.findMany({ where: { id: { in: authorIds } }, select: { id: true, name: true } });
  const authorName = new Map(authors.map((a) => [a.id, a.name]));
  const [summary] = await summarize(ctx, [ticket], language);
  const expiry = fileLinkExpiry(ctx.clock.now());
  // "staff:<id>" → their name; the customer and the system by role: ids mean nothing to a reader.
  const actorName = (actor: string) =>
    actor.startsWith("staff:")
      ? (authorName.get(actor.slice("staff:".length)) ?? "?")
      : actor.startsWith("customer:")
        ? (customer?.name ?? "customer")
        : actor;
  return {
    ticket: { ...summary, description: ticket.description, contact: ticket.contact, channel: ticket.channel, language: ticket.language },
    customer: customer && { id: customer.id, name: customer.name, phone: customer.phone, email: customer.email, website: customer.website },
    messages: messages.map((m) => ({
      seq: m.seq,
      direction: m.direction,
      text: m.text,
      author: m.authorStaffId ? (authorName.get(m.authorStaffId) ?? "?") : null,
      createdAt: m.createdAt,
      // Signed links on our own server (relative: the console is on the same origin).
      attachments: storedFiles(m.attachments).map((f) => ({
        name: f.name,
        mimeType: f.mimeType,
        url: signedFilePath(ctx.secret, f, expiry),
      })),
    })),
    timeline: timeline.map((e) => ({ seq: e.seq, type: e.type, actor: e.actor, actorName: actorName(e.actor), data: e.data, at: e.at })),
    rating: rating && { stars: rating.stars, comment: rating.comment },
    earlier: earlier.map((e) => ({ ...e, department: departmentName(ctx.policy, e.departmentId, language) })),
    link: `${publicBase(ctx.env)}/t/${signedTicketId(ctx.secret, ticket)}`,
  };
}
