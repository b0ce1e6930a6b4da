import type { Counters } from "../kernel/counters.js";

/**
 * Slows down password guessing without handing an attacker the power to lock a person out:
 * failures are counted per (login, client) and per client, never per login alone, so guesses from
 * elsewhere never delay the real user at their own address. After the free failures each further
 * attempt waits, growing (one minute, doubling, at most fifteen), whatever the password. A client
 * spraying many logins meets the per-client count. Counted in the database: every instance shares it.
 */
const PAIR_FREE_FAILURES = 5;
/** An office behind one address shares this: generous, but a spray over logins still stops here. */
const CLIENT_FREE_FAILURES = 20;
const BASE_DELAY_MS = 60_000;
const MAX_DELAY_MS = 15 * 60_000;
/** A count is forgotten after this long without a failure. */
const FORGET_AFTER_MS = 60 * 60_000;

const PAIR = "sign-in.login-client";
const CLIENT = "sign-in.client";

export interface SignInAttempt {
  login: string;
  client: string;
}

export interface SignInThrottle {
  /** Milliseconds to wait before another attempt is accepted, 0 when allowed. */
  waitMs(attempt: SignInAttempt): Promise<number>;
  failed(attempt: SignInAttempt): Promise<void>;
  /** A good password from this client: its count for this login starts again (the client's own count stays). */
  succeeded(attempt: SignInAttempt): Promise<void>;
}

export function createSignInThrottle(counters: Counters, now: () => number): SignInThrottle {
  const pairKey = (a: SignInAttempt) => `${a.login}\n${a.client}`;
  const delay = (failures: number, free: number) => (failures < free ? 0 : Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - free)));
  return {
    async waitMs(attempt) {
      const [pair, client] = await Promise.all([counters.read(PAIR, [pairKey(attempt)]), counters.read(CLIENT, [attempt.client])]);
      const waits = [
        ...[...pair.values()].map((c) => c.lastAt + delay(c.hits, PAIR_FREE_FAILURES)),
        ...[...client.values()].map((c) => c.lastAt + delay(c.hits, CLIENT_FREE_FAILURES)),
      ].map((until) => until - now());
      return Math.max(0, ...waits);
    },
    async failed(attempt) {
      await Promise.all([
        counters.hit(PAIR, pairKey(attempt), FORGET_AFTER_MS, { slide: true }),
        counters.hit(CLIENT, attempt.client, FORGET_AFTER_MS, { slide: true }),
      ]);
    },
    async succeeded(attempt) {
      await counters.clear(PAIR, pairKey(attempt));
    },
  };
}
