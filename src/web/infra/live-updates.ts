import type { Database } from "../../db/database.js";
import { onTicketChanges } from "../../db/ticket-changes.js";

/** The console's live updates: which tickets changed, from this instance or another. */
export interface LiveUpdates {
  subscribe(listener: (ticketIds: string[] | null) => void): () => void;
}

export function createLiveUpdates(db: Database): LiveUpdates {
  return { subscribe: (listener) => onTicketChanges(db.signals, listener) };
}
