import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { createInboundLog, type InboundHandler, NotReadyYet } from "../../src/inbound/inbound-log.js";
import { FakeClock } from "../support/fake-clock.js";
import { recordingLogger, silentLogger } from "../support/logger.js";
import { createTestDatabase, openMigratedCopy } from "../support/test-db.js";

describe("inbound event log", () => {
  let db: Database;
  const clock = new FakeClock();
  const processed: unknown[] = [];
  const handler: InboundHandler = async (payload) => {
    processed.push(payload);
  };

  beforeEach(async () => {
    db = await createTestDatabase();
    processed.length = 0;
  });
  afterEach(async () => {
    await db.close();
  });

  it("processes the same event twice only once", async () => {
    const log = createInboundLog({ db, handlers: { telegram: handler }, clock, logger: silentLogger });
    expect(await log.record("telegram", "update:1", { update_id: 1 })).toBe("new");
    expect(await log.record("telegram", "update:1", { update_id: 1 })).toBe("duplicate");
    expect(await log.processDue()).toBe(1);
    expect(await log.processDue()).toBe(0);
    expect(processed).toEqual([{ update_id: 1 }]);
    expect(await db.prisma.inboundEvent.count()).toBe(1);
  });

  it("removes events handled or given up more than 30 days ago; newer ones, and unhandled ones however old, stay", async () => {
    const local = new FakeClock("2026-10-01T00:00:00Z");
    const failing: InboundHandler = async () => {
      throw new Error("a handler bug");
    };
    const starting: InboundHandler = async () => {
      throw new NotReadyYet("the channel has not started");
    };
    const log = createInboundLog({
      db,
      handlers: { telegram: handler, broken: failing, later: starting },
      clock: local,
      logger: silentLogger,
    });
    const giveUp = async () => {
      for (let i = 0; i < 12; i++) {
        await log.processDue();
        local.advance(10 * 60_000);
      }
    };
    await log.record("telegram", "old", {});
    await log.record("broken", "given-up", {});
    // Its channel is not ready yet: it waits, however long.
    await log.record("later", "waiting", {});
    await giveUp();
    local.advance(31 * 24 * 60 * 60_000);
    await log.record("telegram", "recent", {});
    await log.record("broken", "given-up-recently", {});
    await giveUp();
    const keys = async () => (await db.prisma.inboundEvent.findMany({ orderBy: { seq: "asc" } })).map((e) => e.dedupKey);
    expect(await keys()).toEqual(["old", "given-up", "waiting", "recent", "given-up-recently"]);
    expect(await log.removeFinished()).toBe(2);
    expect(await keys()).toEqual(["waiting", "recent", "given-up-recently"]);
    // A kept event still recognises its repeat.
    expect(await log.record("telegram", "recent", {})).toBe("duplicate");
  });

  it("records a burst of webhooks arriving together as they came: each once, a retry among them a duplicate", async () => {
    const log = createInboundLog({ db, handlers: { telegram: handler }, clock, logger: silentLogger });
    // Recorded while one insert is under way, they are written together: the first try of an event is new, its retry is not.
    const results = await Promise.all([1, 2, 3, 2, 4, 5, 1].map((n) => log.record("telegram", `update:${n}`, { n })));
    expect(results).toEqual(["new", "new", "new", "duplicate", "new", "new", "duplicate"]);
    expect(await log.processDue()).toBe(5);
    expect(processed).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }]); // arrival order kept within the batch
  });

  it("an event whose channel is still starting waits for it: tried again shortly, no error, no attempt spent, its chat's order kept", async () => {
    const logger = recordingLogger();
    let ready = false;
    const notYet: InboundHandler = async (payload) => {
      if (!ready) throw new NotReadyYet("the channel has not started yet");
      processed.push(payload);
    };
    const log = createInboundLog({ db, handlers: { telegram: notYet }, partitionKeys: { telegram: () => "chat-1" }, clock, logger });
    await log.record("telegram", "update:1", { n: 1 });
    await log.record("telegram", "update:2", { n: 2 });
    await log.processDue();
    expect(processed).toEqual([]);
    expect(await log.processDue()).toBe(0); // not due before its retry
    ready = true;
    clock.advance(1000);
    await log.processDue();
    expect(processed).toEqual([{ n: 1 }, { n: 2 }]);
    const first = await db.prisma.inboundEvent.findFirstOrThrow({ where: { dedupKey: "update:1" } });
    expect(first).toMatchObject({ attempts: 1, failedAt: null, lastError: null });
    expect(logger.lines.filter((line) => line.level === "error" || line.level === "warn")).toEqual([]);
  });

  it("processes events in arrival order", async () => {
    const log = createInboundLog({ db, handlers: { telegram: handler }, clock, logger: silentLogger });
    for (let i = 1; i <= 5; i++) {
      await log.record("telegram", `update:${i}`, { n: i });
      clock.advance(10);
    }
    await log.processDue();
    expect(processed).toEqual([1, 2, 3, 4, 5].map((n) => ({ n })));
  });

  it("processes at the next start what a crash left unprocessed", async () => {
    const before = createInboundLog({ db, handlers: { telegram: handler }, clock, logger: silentLogger });
    await before.record("telegram", "update:7", { update_id: 7 });
    // The process dies here: the event was answered 200 but never processed.
    const afterRestart = createInboundLog({ db, handlers: { telegram: handler }, clock, logger: silentLogger });
    expect(await afterRestart.pendingCount()).toBe(1);
    await afterRestart.processDue();
    expect(processed).toEqual([{ update_id: 7 }]);
    expect(await afterRestart.pendingCount()).toBe(0);
  });

  it("retries a failing handler later with the error kept, without losing the event", async () => {
    let fail = true;
    const flaky: InboundHandler = async (payload) => {
      if (fail) throw new Error("engine exploded");
      processed.push(payload);
    };
    const log = createInboundLog({ db, handlers: { telegram: flaky }, clock, logger: silentLogger });
    await log.record("telegram", "update:9", { update_id: 9 });
    await log.processDue();
    const row = await db.prisma.inboundEvent.findFirstOrThrow();
    expect(row.processedAt).toBeNull();
    expect(row.lastError).toBe("engine exploded");
    expect(await log.processDue()).toBe(0); // not due yet
    fail = false;
    clock.advance(5_000);
    await log.processDue();
    expect(processed).toEqual([{ update_id: 9 }]);
  });

  it("throws when the database is gone, so the webhook can answer 503", async () => {
    const gone = await openMigratedCopy();
    const log = createInboundLog({ db: gone, handlers: {}, clock, logger: silentLogger });
    await gone.close();
    await expect(log.record("telegram", "update:10", {})).rejects.toThrow();
  });
});
