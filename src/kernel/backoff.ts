/** How retries space out: `baseMs` before the first retry, doubling after each failure, never above `maxMs`. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * The wait before retry number `attempt` (1 for the first): baseMs · 2^(attempt − 1), capped at maxMs.
 * With `random`, the wait is drawn from the upper half of that delay (jitter keeps the retries of
 * several instances apart).
 */
export function backoffMs(attempt: number, policy: BackoffPolicy, random?: () => number): number {
  const delay = Math.min(policy.baseMs * 2 ** Math.max(0, attempt - 1), policy.maxMs);
  return random ? Math.round(delay / 2 + (random() * delay) / 2) : delay;
}
