import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Database } from "../../src/db/database.js";
import { createInboundLog, type InboundHandler, PermanentInboundError } from "../../src/inbound/inbound-log.js";
import { createMetrics } from "../../src/server/metrics.js";
import { FakeClock } from "../support/fake-clock.js";
import { silentLogger } from "../support/logger.js";
import { createTestDatabase } from "../support/test-db.js";

/** An event that can never succeed is marked failed at once, with its reason, counted; the rest are unchanged. */
describe("inbound events that can never succeed", () => {
  let db: Database;
  const clock = new FakeClock();
  const handled: unknown[] = [];

  beforeEach(async () => {
    db = await createTestDatabase();
    handled.length = 0;
  });
  afterEach(async () => {
    await db.close();
  });

  const shape = z.object({ text: z.string() });
  const handler: InboundHandler = async (payload) => {
    const { text } = shape.parse(payload);
    if (text === "impossible") throw new PermanentInboundError("out_of_range", "ticket number beyond INT4");
    handled.push(text);
  };

  it("a PermanentInboundError or a ZodError fails the event on its first attempt, with the reason kept, and never retries it", async () => {
    const log = createInboundLog({ db, handlers: { webchat: handler }, clock, logger: silentLogger });
    await log.record("webchat", "a", { text: "impossible" });
    await log.record("webchat", "b", { text: 42 });
    await log.record("webchat", "c", { text: "xin chào" });
    await log.processDue();
    // Hours later: nothing is tried again.
    clock.advance(6 * 60 * 60 * 1000);
    expect(await log.processDue()).toBe(0);

    const rows = await db.prisma.inboundEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => [r.dedupKey, r.attempts, r.failedAt !== null, r.processedAt !== null])).toEqual([
      ["a", 1, true, false],
      ["b", 1, true, false],
      ["c", 1, false, true],
    ]);
    expect(rows[0]?.lastError).toMatch(/^out_of_range: ticket number beyond INT4/);
    expect(rows[1]?.lastError).toMatch(/^invalid_payload: /);
    expect(handled).toEqual(["xin chào"]);
    expect(await log.pendingCount()).toBe(0);
    expect(log.failures()).toEqual([
      { source: "webchat", reason: "out_of_range", count: 1 },
      { source: "webchat", reason: "invalid_payload", count: 1 },
    ]);
  });

  it("an ordinary error is still retried later, and is not counted as failed", async () => {
    let fail = true;
    const flaky: InboundHandler = async () => {
      if (fail) throw new Error("database went away");
    };
    const log = createInboundLog({ db, handlers: { webchat: flaky }, clock, logger: silentLogger });
    await log.record("webchat", "a", {});
    await log.processDue();
    expect(log.failures()).toEqual([]);
    fail = false;
    clock.advance(60_000);
    expect(await log.processDue()).toBe(1);
    expect(await log.pendingCount()).toBe(0);
  });

  it("/metrics shows them as hotro_inbound_failed_total by source and reason", async () => {
    const log = createInboundLog({ db, handlers: { webchat: handler }, clock, logger: silentLogger });
    await log.record("webchat", "a", { text: "impossible" });
    await log.record("webchat", "b", { nothing: true });
    await log.record("webchat", "c", null);
    await log.processDue();
    const metrics = createMetrics({ inboundPending: log.pendingCount, outboxPending: async () => 0, inboundFailures: log.failures });
    const text = await metrics.metrics();
    expect(text).toContain('hotro_inbound_failed_total{source="webchat",reason="out_of_range"} 1');
    expect(text).toContain('hotro_inbound_failed_total{source="webchat",reason="invalid_payload"} 2');
  });

  it("a NUL or a lone surrogate in a platform's payload is removed before it is stored (jsonb cannot keep them)", async () => {
    const log = createInboundLog({ db, handlers: { webchat: handler }, clock, logger: silentLogger });
    expect(await log.record("webchat", "a", { text: "xin\u0000 chào\uD800", nested: [{ "k\u0000": "v\uDC00" }] })).toBe("new");
    const row = await db.prisma.inboundEvent.findFirstOrThrow();
    expect(row.payload).toEqual({ text: "xin chào", nested: [{ k: "v" }] });
    await log.processDue();
    expect(handled).toEqual(["xin chào"]);
  });
});
