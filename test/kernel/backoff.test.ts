import { describe, expect, it } from "vitest";
import { backoffMs } from "../../src/kernel/backoff.js";

describe("backoff", () => {
  const policy = { baseMs: 2000, maxMs: 60_000 };

  it("doubles from the base after each failure, capped", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffMs(attempt, policy))).toEqual([2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    expect(backoffMs(0, policy)).toBe(2000);
    expect(backoffMs(1000, policy)).toBe(60_000);
  });

  it("with jitter, waits somewhere in the upper half of the delay", () => {
    expect(backoffMs(3, policy, () => 0)).toBe(4000);
    expect(backoffMs(3, policy, () => 0.5)).toBe(6000);
    expect(backoffMs(3, policy, () => 1)).toBe(8000);
  });
});
