import type { Counter, Counters } from "../kernel/counters.js";

/**
 * Slows down password guessing without handing an attacker the power to lock a person out:
 * attempts are counted per (login, client) and per client, never per login alone, so guesses from
 * elsewhere never delay the real user at their own address. After the free failures each further
 * attempt waits, growing (one minute, doubling, at most fifteen), whatever the password. A client
 * spraying many logins meets the per-client count. Counted in the database: every instance shares it.
 *
 * An attempt is counted before its password is checked (a success then takes it back), so attempts
 * sent side by side cannot all read "no wait" first: past the free ones, only the one that counted
 * right after the last attempt it saw goes on.
 */
const PAIR_FREE_FAILURES = 5;
/** An office behind one address shares this: generous, but a spray over logins still stops here. */
const CLIENT_FREE_FAILURES = 20;
const BASE_DELAY_MS = 60_000;
const MAX_DELAY_MS = 15 * 60_000;
/** A count is forgotten after this long without a failed attempt (a good one leaves it as it was). */
const FORGET_AFTER_MS = 60 * 60_000;

const PAIR = "sign-in.login-client";
const CLIENT = "sign-in.client";

export interface SignInAttempt {
  login: string;
  /** The client's key (`clientKey`: an IPv4 address or an IPv6 /64). */
  client: string;
}

export interface SignInThrottle {
  /**
   * Counts an attempt, as a failure until its turn says it succeeded. `waitMs` 0: its password may
   * be checked; otherwise the milliseconds to wait (the password must not be checked).
   */
  begin(attempt: SignInAttempt): Promise<SignInTurn>;
}

export interface SignInTurn {
  waitMs: number;
  /** A good password: this login's count at this client starts again, and the client's count is as if this attempt never came. */
  succeeded(): Promise<void>;
}

export function createSignInThrottle(counters: Counters, now: () => number): SignInThrottle {
  const counts = (attempt: SignInAttempt) =>
    [
      { name: PAIR, key: `${attempt.login}\n${attempt.client}`, free: PAIR_FREE_FAILURES },
      { name: CLIENT, key: attempt.client, free: CLIENT_FREE_FAILURES },
    ] as const;
  const delay = (failures: number, free: number) => (failures < free ? 0 : Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - free)));
  const waitAfter = (counter: Counter | undefined, free: number) => (counter ? counter.lastAt + delay(counter.hits, free) - now() : 0);
  const refused = (waitMs: number): SignInTurn => ({ waitMs, succeeded: async () => undefined });

  return {
    async begin(attempt) {
      const both = counts(attempt);
      const [pair, client] = both;
      const seen = await Promise.all(both.map(async ({ name, key }) => (await counters.read(name, [key])).get(key)));
      const waited = Math.max(0, ...both.map(({ free }, i) => waitAfter(seen[i], free)));
      if (waited > 0) return refused(waited);
      const counted = await Promise.all(both.map(({ name, key }) => counters.hit(name, key, FORGET_AFTER_MS, { slide: true })));
      // Past the free failures, an attempt counted after others it did not see waits for them.
      const overtaken = both.some(({ free }, i) => (counted[i]?.hits ?? 0) > free && (counted[i]?.hits ?? 0) > (seen[i]?.hits ?? 0) + 1);
      if (overtaken) return refused(Math.max(1000, ...both.map(({ free }, i) => waitAfter(counted[i], free))));
      return {
        waitMs: 0,
        async succeeded() {
          await counters.clear(pair.name, pair.key);
          await counters.takeBack(client.name, client.key, seen[1]);
        },
      };
    },
  };
}
