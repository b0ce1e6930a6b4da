import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../../src/channels/webchat/rate-limit.js";
import { messageBodySchema } from "../../../src/channels/webchat/schemas.js";
import { isVisitorId, newVisitorId, verifyVisitor, visitorToken } from "../../../src/channels/webchat/visitor-token.js";
import { createCounters } from "../../../src/db/counters.js";
import { FakeClock } from "../../support/fake-clock.js";
import { createTestDatabase } from "../../support/test-db.js";

const SECRET = "a-secret-of-at-least-thirty-two-chars!";

describe("visitor identity (HMAC-signed id)", () => {
  it("verifies the token issued for an id and nothing else", () => {
    const a = newVisitorId();
    const b = newVisitorId();
    expect(isVisitorId(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(verifyVisitor(SECRET, a, visitorToken(SECRET, a))).toBe(true);
    expect(verifyVisitor(SECRET, a, visitorToken(SECRET, b))).toBe(false);
    expect(verifyVisitor("another-secret-of-thirty-two-characters", a, visitorToken(SECRET, a))).toBe(false);
    expect(verifyVisitor(SECRET, a, "")).toBe(false);
    expect(verifyVisitor(SECRET, "not-an-id", visitorToken(SECRET, "not-an-id"))).toBe(false);
  });
});

describe("per-visitor rate limit", () => {
  it("allows `limit` hits per window, then says when to retry", async () => {
    const clock = new FakeClock("2026-11-25T02:00:00Z");
    const db = await createTestDatabase();
    try {
      const limiter = createRateLimiter("test", { limit: 3, windowMs: 10_000 }, createCounters(db, clock));
      for (let i = 0; i < 3; i++) expect((await limiter.hit("v")).ok).toBe(true);
      clock.advance(4_000);
      expect(await limiter.hit("v")).toEqual({ ok: false, retryAfterSeconds: 6 });
      expect((await limiter.hit("w")).ok).toBe(true);
      clock.advance(6_001);
      expect((await limiter.hit("v")).ok).toBe(true);
    } finally {
      await db.close();
    }
  });
});

describe("message body schema", () => {
  const base = { visitorId: "v_x", token: "t", clientMessageId: "m1" };
  it("takes a text up to 4000 characters or a button id, never both", () => {
    expect(messageBodySchema.safeParse({ ...base, text: "x".repeat(4000) }).success).toBe(true);
    expect(messageBodySchema.safeParse({ ...base, text: "x".repeat(4001) }).success).toBe(false);
    expect(messageBodySchema.safeParse({ ...base, choice: "rate:12:5" }).success).toBe(true);
    expect(messageBodySchema.safeParse({ ...base, choice: "rate:12:5", text: "a" }).success).toBe(false);
    expect(messageBodySchema.safeParse({ ...base, choice: "a b" }).success).toBe(false);
  });
});
