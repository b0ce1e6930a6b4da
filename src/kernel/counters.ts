/**
 * Counters shared by every instance (rate limits, the sign-in throttle): kept in the database, so a
 * client cannot get around a limit by reaching another instance or waiting for a restart.
 */
export interface Counter {
  hits: number;
  /** When the last hit was counted (epoch ms). */
  lastAt: number;
  /** When the count starts again from zero (epoch ms). */
  expiresAt: number;
}

export interface Counters {
  /**
   * Counts one hit of `key` under `name` and returns the count. The window is `windowMs` from the
   * first hit (a fixed window); with `slide`, every hit moves its end (counts until a quiet period).
   */
  hit(name: string, key: string, windowMs: number, options?: { slide?: boolean }): Promise<Counter>;
  /** The live counters of these keys (none for a key never hit or whose window ended). */
  read(name: string, keys: string[]): Promise<Map<string, Counter>>;
  clear(name: string, key: string): Promise<void>;
  /**
   * Takes back one hit counted after `before` was read (an attempt counted before it was known to
   * be harmless): the count drops by one and its times return to `before`'s (no counter before: the
   * counter goes once nothing else is counted in it).
   */
  takeBack(name: string, key: string, before: Counter | undefined): Promise<void>;
}
