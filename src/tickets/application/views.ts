import { positionIn } from "../domain/queue.js";
import type { TicketContext } from "./context.js";
import { type Estimate, estimateFor } from "./estimate.js";
import type { SlaState } from "./schedule.port.js";
import { readyQueue, type TicketRow } from "./ticket-reads.js";

export interface QueueEntry {
  ticket: TicketRow;
  position: number;
  sla: SlaState | null;
}

/** A department's waiting line in order (R3.1), with SLA state (R2.4), plus what its members hold. */
export async function queueView(ctx: TicketContext, departmentId: string): Promise<{ waiting: QueueEntry[]; claimed: QueueEntry[] }> {
  return ctx.db.prisma.$transaction(async (tx) => {
    const now = ctx.clock.now();
    const waiting = await readyQueue(tx, [departmentId]);
    const claimed = await tx.ticket.findMany({
      where: { departmentId, status: "claimed" },
      orderBy: [{ readyAt: "asc" }, { number: "asc" }],
    });
    const sla = (t: TicketRow) => (t.readyAt && t.resolutionDueAt ? ctx.schedule.slaState(t.readyAt, t.resolutionDueAt, now) : null);
    return {
      waiting: waiting.map((ticket) => ({ ticket, position: positionIn(waiting, ticket.id) ?? 0, sla: sla(ticket) })),
      claimed: claimed.map((ticket) => ({ ticket, position: 0, sla: sla(ticket) })),
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
