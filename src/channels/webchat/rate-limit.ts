import type { Counters } from "../../kernel/counters.js";

export interface RateLimit {
  /** How many hits a key may make per window. */
  limit: number;
  windowMs: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * A fixed-window limit per key (a visitor, a client address), counted in the database: every
 * instance sees the same count, so a flood spread over instances or restarts is still one flood.
 */
export function createRateLimiter(name: string, rule: RateLimit, counters: Counters) {
  return {
    async hit(key: string): Promise<RateDecision> {
      const counter = await counters.hit(name, key, rule.windowMs);
      if (counter.hits <= rule.limit) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((counter.expiresAt - counter.lastAt) / 1000)) };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
