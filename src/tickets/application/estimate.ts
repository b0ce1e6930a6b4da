import type { Tx } from "../../db/database.js";
import type { TicketStatus } from "../domain/ticket.js";
import type { TicketContext } from "./context.js";
import type { OpeningState } from "./schedule.port.js";
import { openRequestsOf, positionOf, type TicketRow } from "./ticket-reads.js";

/**
 * What a customer is told about when their request will be handled: from the calendar and the
 * queue (R2.2, R2.6), or the chain (R2.5) for a parked request.
 */
export type Estimate =
  | { kind: "in_queue"; position: number; opening: OpeningState; generalDuty: boolean; deadline: Date | null }
  | { kind: "in_progress"; deadline: Date | null }
  | { kind: "awaiting_approval" }
  | { kind: "after"; afterNumber: number; by: Date | null }
  | { kind: "closed"; status: TicketStatus };

export async function estimateFor(ctx: TicketContext, tx: Tx, ticket: TicketRow): Promise<Estimate> {
  const now = ctx.clock.now();
  switch (ticket.status) {
    case "ready": {
      const position = (await positionOf(tx, ticket)) ?? 1;
      return {
        kind: "in_queue",
        position,
        opening: ctx.schedule.openingState(ticket.departmentId, now),
        generalDuty: ctx.schedule.isHoliday(now),
        deadline: ticket.resolutionDueAt,
      };
    }
    case "claimed":
      return { kind: "in_progress", deadline: ticket.resolutionDueAt };
    case "awaiting_approval":
      return { kind: "awaiting_approval" };
    case "parked": {
      const open = await openRequestsOf(tx, ticket.customerId);
      const ahead = open.filter((t) => t.number < ticket.number);
      const previous = ahead[ahead.length - 1];
      if (!previous) return { kind: "after", afterNumber: ticket.number, by: null };
      // The previous request is resolved by its deadline at the latest; this one starts within the chain time after (R2.4, R2.5).
      const chainHours = ctx.policy.sla.chainStart.hours;
      const allPreviousHaveDeadlines = ahead.every((t) => t.resolutionDueAt !== null);
      const by =
        allPreviousHaveDeadlines && previous.resolutionDueAt && ahead.length === 1
          ? new Date(previous.resolutionDueAt.getTime() + chainHours * 3_600_000)
          : null;
      return { kind: "after", afterNumber: previous.number, by };
    }
    default:
      return { kind: "closed", status: ticket.status };
  }
}
