import type { Clock } from "../../kernel/clock.js";

export interface RateLimit {
  /** How many hits a key may make per window. */
  limit: number;
  windowMs: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * A sliding-window limiter per key (a visitor, an address), in memory: one process's view is enough
 * to stop a flood from one browser. Old keys are swept as they are touched.
 */
export function createRateLimiter(rule: RateLimit, clock: Clock) {
  const hits = new Map<string, number[]>();
  let lastSweep = 0;

  function sweep(now: number) {
    if (now - lastSweep < rule.windowMs) return;
    lastSweep = now;
    for (const [key, times] of hits) if ((times.at(-1) ?? 0) <= now - rule.windowMs) hits.delete(key);
  }

  return {
    hit(key: string): RateDecision {
      const now = clock.now().getTime();
      sweep(now);
      const recent = (hits.get(key) ?? []).filter((t) => t > now - rule.windowMs);
      if (recent.length >= rule.limit) {
        const oldest = recent[0] ?? now;
        hits.set(key, recent);
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + rule.windowMs - now) / 1000)) };
      }
      recent.push(now);
      hits.set(key, recent);
      return { ok: true };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
