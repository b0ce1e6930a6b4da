/** How fast a platform takes messages: the limits a channel module declares and OUTBOUND_PACE overrides. */

export interface PaceLimit {
  /** Sends a second to the whole platform (per bot or app). */
  perSecond?: number;
  /** Sends a second to one destination (a chat, a channel). */
  perDestinationPerSecond?: number;
  /** Sends allowed at once above the steady rate. */
  burst?: number;
}

/** By outbox channel. */
export type PaceLimits = Record<string, PaceLimit>;

/**
 * `OUTBOUND_PACE`: "off", or limits by channel that replace the modules' own, e.g.
 * "telegram=30/1/3,slack=50/1" (per second overall / per destination / burst; 0 or empty: none).
 */
export function parsePaceSetting(text: string): PaceLimits | "off" | { error: string } {
  if (text.trim() === "off") return "off";
  const limits: PaceLimits = {};
  for (const item of text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([a-z][a-z0-9-]*)=([\d.]*)(?:\/([\d.]*))?(?:\/(\d*))?$/.exec(item);
    if (!match) return { error: `"${item}" is not channel=perSecond/perDestinationPerSecond/burst` };
    const [, channel = "", overall, perDestination, burst] = match;
    const limit: PaceLimit = {};
    if (overall && Number(overall) > 0) limit.perSecond = Number(overall);
    if (perDestination && Number(perDestination) > 0) limit.perDestinationPerSecond = Number(perDestination);
    if (burst) limit.burst = Number(burst);
    limits[channel] = limit;
  }
  return limits;
}
