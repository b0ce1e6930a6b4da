import type { TicketContext } from "./context.js";
import { type Estimate, estimateFor } from "./estimate.js";
import type { SlaState } from "./schedule.port.js";
import { readyQueue, type TicketRow, waitingCount } from "./ticket-reads.js";

export interface QueueEntry {
  ticket: TicketRow;
  position: number;
  sla: SlaState | null;
}

/** Where a ticket stands against its resolution deadline (R2.4), once it has entered a queue. */
export const slaOf = (ctx: TicketContext, t: TicketRow, now: Date): SlaState | null =>
  t.readyAt && t.resolutionDueAt ? ctx.schedule.slaState(t.readyAt, t.resolutionDueAt, now) : null;

export interface QueueView {
  /** The line in order (R3.1), whole or its first `limit` tickets. */
  waiting: QueueEntry[];
  /** How many wait in all. */
  waitingCount: number;
  claimed: QueueEntry[];
}

/**
 * A department's waiting line in order (R3.1), with SLA state (R2.4), plus what its members hold.
 * With `limit`, only the head of the line is read: a long queue costs what its head costs.
 */
export async function queueView(ctx: TicketContext, departmentId: string, options: { limit?: number } = {}): Promise<QueueView> {
  return ctx.db.prisma.$transaction(async (tx) => {
    const now = ctx.clock.now();
    const waiting = await readyQueue(tx, [departmentId], options.limit);
    const count = options.limit === undefined || waiting.length < options.limit ? waiting.length : await waitingCount(tx, [departmentId]);
    const claimed = await tx.ticket.findMany({
      where: { departmentId, status: "claimed" },
      orderBy: [{ readyAt: "asc" }, { number: "asc" }],
    });
    return {
      waiting: waiting.map((ticket, index) => ({ ticket, position: index + 1, sla: slaOf(ctx, ticket, now) })),
      waitingCount: count,
      claimed: claimed.map((ticket) => ({ ticket, position: 0, sla: slaOf(ctx, ticket, now) })),
    };
  });
}

export interface CustomerTicketStatus {
  ticket: TicketRow;
  estimate: Estimate;
}

/** R1.1: a customer can ask at any time for the status of their requests. */
export async function customerStatus(ctx: TicketContext, customerId: string, limit = 10): Promise<CustomerTicketStatus[]> {
  return ctx.db.prisma.$transaction(async (tx) => {
    const tickets = await tx.ticket.findMany({ where: { customerId, kind: "request" }, orderBy: { number: "desc" }, take: limit });
    return Promise.all(tickets.map(async (ticket) => ({ ticket, estimate: await estimateFor(ctx, tx, ticket) })));
  });
}

export async function timelineOf(ctx: TicketContext, ticketId: string) {
  return ctx.db.prisma.timelineEvent.findMany({ where: { ticketId }, orderBy: { seq: "asc" } });
}
