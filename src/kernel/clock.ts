/** The only way domain and application code learns the time: passed in, faked in tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
