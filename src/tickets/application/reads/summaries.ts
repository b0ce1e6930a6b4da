import type { Tx } from "../../../db/database.js";
import type { Prisma as P } from "../../../db/generated/client.js";
import type { TicketStatus } from "../../domain/ticket.js";
import type { TicketContext } from "../context.js";
import type { SlaState } from "../schedule.port.js";
import type { TicketRow } from "../ticket-reads.js";

/** One line of a staff list: enough to pick a ticket; the customer's words are plain data. */
export interface TicketSummary {
  id: string;
  number: number;
  kind: string;
  status: TicketStatus;
  departmentId: string;
  categoryId: string;
  /** 1-based place in its department's line, when the list shows one. */
  position: number | null;
  sla: SlaState | null;
  excerpt: string;
  customerName: string | null;
  claimedBy: { id: string; name: string } | null;
  readyAt: Date | null;
  resolutionDueAt: Date | null;
  createdAt: Date;
}

/** The SLA state of a ticket (R2.4): at its resolution for a finished one, now for the others. */
export function slaOf(ctx: TicketContext, t: Pick<TicketRow, "readyAt" | "resolutionDueAt" | "resolvedAt">): SlaState | null {
  return t.readyAt && t.resolutionDueAt ? ctx.schedule.slaState(t.readyAt, t.resolutionDueAt, t.resolvedAt ?? ctx.clock.now()) : null;
}

/** The name the customer gave in the request's contact details, else their profile's. */
export function customerNameOf(ticket: Pick<TicketRow, "contact">, profileName: string | null | undefined): string | null {
  const given = (ticket.contact as { name?: unknown } | null)?.name;
  return typeof given === "string" && given.trim() !== "" ? given : (profileName ?? null);
}

/** Staff names by id, for the ids given (claimers, authors). */
export async function staffNames(tx: Tx, ids: Iterable<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await tx.staff.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(rows.map((s) => [s.id, s.name]));
}

export async function summarize(
  ctx: TicketContext,
  tx: Tx,
  tickets: TicketRow[],
  positions?: Map<string, number>,
): Promise<TicketSummary[]> {
  const customerIds = [...new Set(tickets.map((t) => t.customerId))];
  const [customers, claimers] = await Promise.all([
    tx.customer.findMany({ where: { id: { in: customerIds } }, select: { id: true, name: true } }),
    staffNames(
      tx,
      tickets.map((t) => t.claimedById),
    ),
  ]);
  const customerName = new Map(customers.map((c) => [c.id, c.name]));
  return tickets.map((t) => ({
    id: t.id,
    number: t.number,
    kind: t.kind,
    status: t.status,
    departmentId: t.departmentId,
    categoryId: t.categoryId,
    position: positions?.get(t.id) ?? null,
    sla: slaOf(ctx, t),
    excerpt: t.description.slice(0, 160),
    customerName: customerNameOf(t, customerName.get(t.customerId)),
    claimedBy: t.claimedById ? { id: t.claimedById, name: claimers.get(t.claimedById) ?? "?" } : null,
    readyAt: t.readyAt,
    resolutionDueAt: t.resolutionDueAt,
    createdAt: t.createdAt,
  }));
}

/** One of a customer's other tickets, as the history lists it. */
export interface HistoryEntry {
  id: string;
  number: number;
  status: TicketStatus;
  kind: string;
  departmentId: string;
  createdAt: Date;
}

/** A customer's other tickets the reader may see (R4.1), newest first: staff see the history before they answer. */
export async function historyOf(tx: Tx, customerIds: string[], visible: P.TicketWhereInput, take?: number) {
  return tx.ticket.findMany({
    where: { AND: [{ customerId: { in: customerIds } }, visible] },
    orderBy: { number: "desc" },
    ...(take ? { take } : {}),
    select: { id: true, number: true, status: true, kind: true, departmentId: true, customerId: true, createdAt: true },
  });
}
