/** The ticket as the domain sees it: statuses and the facts the rules look at. */

export const ticketStatuses = ["awaiting_approval", "parked", "ready", "claimed", "resolved", "withdrawn", "rejected"] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/** A ticket still being worked or waiting: it blocks the customer's next one (R2.5). */
export const unresolvedStatuses: readonly TicketStatus[] = ["awaiting_approval", "parked", "ready", "claimed"];
export const isUnresolved = (status: string): boolean => (unresolvedStatuses as readonly string[]).includes(status);

/** Requests are opened by customers and form their issue chain; satisfaction cases are opened by the system for Customer care. */
export type TicketKind = "request" | "satisfaction";

export interface TicketFacts {
  id: string;
  number: number;
  kind: string;
  status: string;
  departmentId: string;
  readyAt: Date | null;
  claimedById: string | null;
}

export interface StaffFacts {
  id: string;
  departments: string[];
  generalDuty: boolean;
  active: boolean;
}
