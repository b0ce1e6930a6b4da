/** The ticket as the domain sees it: statuses and the facts the rules look at. */

/** Every status a ticket can have; the database's TicketStatus enum has the same values. */
export const ticketStatuses = ["awaiting_approval", "parked", "ready", "claimed", "resolved", "withdrawn", "rejected"] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/** Open: still being worked or waiting. An open request blocks the customer's next one (R2.5). */
export const openStatuses: readonly TicketStatus[] = ["awaiting_approval", "parked", "ready", "claimed"];
export const isOpen = (status: TicketStatus): boolean => openStatuses.includes(status);
/** Open and not parked: a customer's messages attach to their active request. */
export const isActive = (status: TicketStatus): boolean => isOpen(status) && status !== "parked";
export const activeStatuses: readonly TicketStatus[] = openStatuses.filter(isActive);

export interface TicketFacts {
  id: string;
  number: number;
  /** "request": opened by a customer, part of their issue chain; "satisfaction": opened by the system for Customer care. */
  kind: string;
  status: TicketStatus;
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
