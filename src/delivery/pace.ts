import type { PaceLimits } from "../kernel/pace.js";

/**
 * Sends at the platforms' pace, shared by every instance through the database: Telegram takes
 * about 30 messages a second per bot and one a second per chat, Slack about one a second per
 * channel. Each limit is a generic cell rate algorithm over one row (OutboundPace): a send is
 * allowed when the row's due time is at most `burst` intervals ahead of now, and moves it on by one
 * interval; one SQL statement takes a slot, so instances never overshoot together.
 */

export interface Pace {
  /** Takes a slot for a send of this row: 0 when it may go now, else how many ms to wait. */
  take(row: { channel: string; destination: string }, now: Date): Promise<number>;
  /** Forgets rows whose pace has long returned to rest. */
  prune(now: Date): Promise<void>;
}

/** One limit a send must fit in: the row that keeps its pace, the interval between sends, the burst allowed. */
export interface PaceSlot {
  key: string;
  intervalMs: number;
  burst: number;
}

/** The shared rows (delivery/store.ts): takes a slot of every limit given, or none and says how long to wait. */
export interface PaceStore {
  take(slots: PaceSlot[], now: Date): Promise<number>;
  prune(now: Date): Promise<void>;
}

export function createPace(store: PaceStore, limits: PaceLimits): Pace {
  return {
    async take(row, now) {
      const limit = limits[row.channel];
      if (!limit) return 0;
      const burst = limit.burst ?? 0;
      // The platform-wide limit first: it is the one other instances compete for.
      const slots: PaceSlot[] = [];
      if (limit.perSecond) slots.push({ key: `channel:${row.channel}`, intervalMs: 1000 / limit.perSecond, burst });
      if (limit.perDestinationPerSecond) {
        slots.push({ key: `destination:${row.destination}`, intervalMs: 1000 / limit.perDestinationPerSecond, burst });
      }
      return slots.length > 0 ? store.take(slots, now) : 0;
    },
    prune: store.prune,
  };
}
