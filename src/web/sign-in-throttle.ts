/**
 * Slows down password guessing: after five wrong passwords for a login or from an IP address, each
 * further attempt waits (one minute, doubling, at most fifteen), whatever the password.
 * Kept in memory, per instance (unlike sessions, which are in the database): a restart forgets it and
 * each of several instances counts on its own, which only gives an attacker a few more guesses.
 */
const FREE_FAILURES = 5;
const BASE_DELAY_MS = 60_000;
const MAX_DELAY_MS = 15 * 60_000;
const FORGET_AFTER_MS = 60 * 60_000;

interface Failures {
  count: number;
  last: number;
}

export interface SignInThrottle {
  /** Milliseconds to wait before another attempt is accepted, 0 when allowed. */
  waitMs(keys: string[], now: number): number;
  failed(keys: string[], now: number): void;
  succeeded(keys: string[]): void;
}

export function createSignInThrottle(): SignInThrottle {
  const failures = new Map<string, Failures>();
  const delayOf = (f: Failures) => Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (f.count - FREE_FAILURES));
  const current = (key: string, now: number) => {
    const found = failures.get(key);
    if (found && now - found.last > FORGET_AFTER_MS) {
      failures.delete(key);
      return undefined;
    }
    return found;
  };
  return {
    waitMs(keys, now) {
      let wait = 0;
      for (const key of keys) {
        const f = current(key, now);
        if (f && f.count >= FREE_FAILURES) wait = Math.max(wait, f.last + delayOf(f) - now);
      }
      return Math.max(0, wait);
    },
    failed(keys, now) {
      for (const key of keys) {
        const f = current(key, now) ?? { count: 0, last: now };
        failures.set(key, { count: f.count + 1, last: now });
      }
      // Bounded memory under a spray of logins.
      if (failures.size > 10_000) for (const [key, f] of failures) if (now - f.last > FORGET_AFTER_MS) failures.delete(key);
    },
    succeeded(keys) {
      for (const key of keys) failures.delete(key);
    },
  };
}
