import type { TicketFacts } from "./ticket.js";

/**
 * R3.1 / R3.2: a department's queue is its ready tickets in the order they became ready (ties by
 * ticket number). Nothing about the customer enters the order: there is no priority of any kind.
 */
export function queueOrder<T extends Pick<TicketFacts, "readyAt" | "number" | "status">>(tickets: readonly T[]): T[] {
  return tickets
    .filter((t) => t.status === "ready" && t.readyAt !== null)
    .sort((a, b) => (a.readyAt?.getTime() ?? 0) - (b.readyAt?.getTime() ?? 0) || a.number - b.number);
}

/** 1-based position of a ticket in an ordered queue, or null when it is not waiting. */
export function positionIn<T extends { id: string }>(queue: readonly T[], ticketId: string): number | null {
  const index = queue.findIndex((t) => t.id === ticketId);
  return index < 0 ? null : index + 1;
}
