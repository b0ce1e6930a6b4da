import type { Signals } from "./signals.js";

/** NOTIFY payloads stop at 8000 bytes: past this many ids a change says "something changed" instead. */
const MAX_IDS = 100;
const TOPIC = "tickets";
const ANY = "*";

/**
 * "These tickets changed", said to every instance after a commit, so open consoles update what
 * they show at once. Ids only: each console reads what changed through its own scoped reads.
 */
export function publishTicketChanges(signals: Signals, ticketIds: readonly string[]): Promise<void> {
  if (ticketIds.length === 0) return Promise.resolve();
  return signals.publish(TOPIC, ticketIds.length > MAX_IDS ? ANY : ticketIds.join(","));
}

/** Calls `listener` with the changed ticket ids, or null when the change was too wide to list. */
export function onTicketChanges(signals: Signals, listener: (ticketIds: string[] | null) => void): () => void {
  return signals.subscribe(TOPIC, (text) => listener(text === ANY ? null : text.split(",").filter(Boolean)));
}
