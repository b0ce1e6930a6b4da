import { afterEach, describe, expect, it } from "vitest";
import { createCounters } from "../../src/db/counters.js";
import type { Database } from "../../src/db/database.js";
import { FakeClock } from "../support/fake-clock.js";
import { createTestDatabase, databaseKinds, openSecondInstance } from "../support/test-db.js";

let opened: Database[] = [];
afterEach(async () => {
  for (const db of opened) await db.close();
  opened = [];
});

describe.each(databaseKinds)("shared counters on %s", (kind) => {
  it("counts hits in a fixed window and starts again once it ended", async () => {
    const db = await createTestDatabase(kind);
    opened.push(db);
    const clock = new FakeClock("2026-11-25T02:00:00Z");
    const counters = createCounters(db, clock);
    expect((await counters.hit("test", "a", 60_000)).hits).toBe(1);
    clock.advance(30_000);
    const second = await counters.hit("test", "a", 60_000);
    expect(second).toEqual({ hits: 2, lastAt: clock.now().getTime(), expiresAt: Date.parse("2026-11-25T02:01:00Z") });
    expect((await counters.hit("test", "b", 60_000)).hits).toBe(1);
    expect((await counters.hit("other", "a", 60_000)).hits).toBe(1);
    clock.advance(30_000);
    expect((await counters.hit("test", "a", 60_000)).hits).toBe(1);
  });

  it("with slide, every hit moves the end: failures are forgotten only after a quiet period", async () => {
    const db = await createTestDatabase(kind);
    opened.push(db);
    const clock = new FakeClock("2026-11-25T02:00:00Z");
    const counters = createCounters(db, clock);
    for (let i = 0; i < 3; i++) {
      await counters.hit("fail", "k", 60_000, { slide: true });
      clock.advance(50_000);
    }
    expect((await counters.read("fail", ["k", "none"])).get("k")?.hits).toBe(3);
    clock.advance(10_000);
    expect((await counters.read("fail", ["k"])).size).toBe(0);
    await counters.hit("fail", "k", 60_000, { slide: true });
    await counters.clear("fail", "k");
    expect((await counters.read("fail", ["k"])).size).toBe(0);
  });

  it("prunes ended windows", async () => {
    const db = await createTestDatabase(kind);
    opened.push(db);
    const clock = new FakeClock("2026-11-25T02:00:00Z");
    await createCounters(db, clock).hit("test", "old", 1_000);
    clock.advance(60_000);
    await createCounters(db, clock).hit("test", "new", 1_000);
    expect((await db.prisma.rateBucket.findMany()).map((row) => row.key)).toEqual(["new"]);
  });
});

describe.runIf(databaseKinds.includes("postgres"))("counters shared by two instances on PostgreSQL", () => {
  it("hits on either instance add up to one count, also when they race", async () => {
    const a = await createTestDatabase("postgres");
    const b = await openSecondInstance(a);
    opened.push(a, b);
    const clock = new FakeClock();
    const [first, second] = [createCounters(a, clock), createCounters(b, clock)];
    const hits = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).hit("race", "k", 60_000)));
    expect(hits.map((h) => h.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
