import { describe, expect, it } from "vitest";
import { checkCode, hashCode, looksLikeCode, newCode } from "../../src/tickets/domain/one-time-code.js";
import { retentionCutoff } from "../../src/tickets/domain/retention.js";
import { FakeClock } from "../support/fake-clock.js";

describe("one-time codes", () => {
  const clock = new FakeClock("2026-11-25T02:00:00Z");
  const pending = (code: string, attempts = 0) => ({
    requestId: "req-1",
    codeHash: hashCode("req-1", code),
    expiresAt: new Date(clock.now().getTime() + 10 * 60_000),
    attempts,
  });

  it("are six digits, kept only as a hash bound to their request", () => {
    const code = newCode();
    expect(code).toMatch(/^\d{6}$/);
    expect(hashCode("req-1", code)).not.toContain(code);
    expect(hashCode("req-1", code)).not.toBe(hashCode("req-2", code));
  });

  it("accept the right code (spaces allowed) and refuse a wrong one", () => {
    const now = clock.now();
    expect(checkCode(pending("123456"), "123456", now, 5)).toBe("ok");
    expect(checkCode(pending("123456"), "123 456", now, 5)).toBe("ok");
    expect(checkCode(pending("123456"), "123457", now, 5)).toBe("wrong");
    expect(checkCode(pending("123456"), "abc", now, 5)).toBe("wrong");
  });

  it("expire after their time and lock after the allowed wrong tries", () => {
    const code = pending("654321");
    clock.advance(10 * 60_000 + 1);
    expect(checkCode(code, "654321", clock.now(), 5)).toBe("expired");
    expect(checkCode(pending("654321", 5), "654321", new Date("2026-11-25T02:00:00Z"), 5)).toBe("locked");
  });

  it("are recognised when typed, six digits with or without a space", () => {
    expect(looksLikeCode("482913")).toBe(true);
    expect(looksLikeCode(" 482 913 ")).toBe(true);
    expect(looksLikeCode("0903123456")).toBe(false);
    expect(looksLikeCode("12")).toBe(false);
  });
});

describe("the retention cutoff", () => {
  it("is the same instant the given number of calendar months before, at a month's end the last day", () => {
    expect(retentionCutoff(new Date("2026-11-25T02:00:00Z"), 24).toISOString()).toBe("2024-11-25T02:00:00.000Z");
    expect(retentionCutoff(new Date("2026-03-31T10:00:00Z"), 1).toISOString()).toBe("2026-02-28T10:00:00.000Z");
  });
});
