import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { enqueue } from "../../src/delivery/store.js";
import { createInboundLog, type InboundHandler, markHandledIn } from "../../src/inbound/inbound-log.js";
import { FakeClock } from "../support/fake-clock.js";
import { silentLogger } from "../support/logger.js";
import { createTestDatabase, databaseKinds, openSecondInstance } from "../support/test-db.js";

let db: Database | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

/** What a conversation turn does: the event marked done and its answers written, in one transaction. */
const answerInOneTransaction = (database: Database, clock: FakeClock, texts: string[], failAfter?: number) =>
  database.prisma.$transaction(async (tx) => {
    await markHandledIn(tx);
    for (const [i, text] of texts.entries()) {
      if (i === failAfter) throw new Error("crashed in the middle");
      await enqueue(tx, { channel: "test", destination: "test:1", kind: "message", payload: { text } }, clock.now());
    }
  });

describe.each(databaseKinds)("an event's effects and its processed mark commit together, on %s", (kind) => {
  it("a handler that fails after writing half of its effects leaves nothing behind; the retry applies them whole, once", async () => {
    db = await createTestDatabase(kind);
    const database = db;
    const clock = new FakeClock();
    let attempts = 0;
    const handler: InboundHandler = async () => {
      attempts++;
      await answerInOneTransaction(database, clock, ["first half", "second half"], attempts === 1 ? 1 : undefined);
    };
    const log = createInboundLog({ db, handlers: { test: handler }, clock, logger: silentLogger });
    await log.record("test", "e1", {});
    await log.processDue();
    expect(await db.prisma.outboxMessage.count()).toBe(0);
    expect(await log.pendingCount()).toBe(1);

    clock.advance(60_000);
    await log.processDue();
    clock.advance(60_000);
    await log.processDue();
    expect((await db.prisma.outboxMessage.findMany({ orderBy: { seq: "asc" } })).map((row) => row.payload)).toEqual([
      { text: "first half" },
      { text: "second half" },
    ]);
    expect(attempts).toBe(2);
  });

  it("events that may share a transaction commit together; one failing among them fails alone, the others' effects written once", async () => {
    db = await createTestDatabase(kind);
    const database = db;
    const clock = new FakeClock();
    const attempts = new Map<number, number>();
    const handler: InboundHandler = async (payload) => {
      const { chat } = payload as { chat: number };
      attempts.set(chat, (attempts.get(chat) ?? 0) + 1);
      await database.prisma.$transaction(async (tx) => {
        await markHandledIn(tx);
        await enqueue(tx, { channel: "test", destination: `test:${chat}`, kind: "message", payload: { chat } }, clock.now());
        if (chat === 2 && (attempts.get(chat) ?? 0) <= 2) throw new Error("a platform look-up failed"); // twice
      });
    };
    const log = createInboundLog({
      db,
      handlers: { test: handler },
      partitionKeys: { test: (payload) => String((payload as { chat: number }).chat) },
      shareTransaction: { test: () => true },
      eventsPerTransaction: 3,
      clock,
      logger: silentLogger,
    });
    for (const chat of [1, 2, 3]) await log.record("test", `chat:${chat}`, { chat });
    await log.processDue();
    // Together first (chat 2 failed, so nothing was kept and chat 3 was not reached), then each on its own:
    // 1 and 3 done, 2 waits for its retry.
    expect(Object.fromEntries(attempts)).toEqual({ 1: 2, 2: 2, 3: 1 });
    const destinations = async () =>
      (await database.prisma.outboxMessage.findMany({ orderBy: { seq: "asc" } })).map((row) => row.destination);
    expect(await destinations()).toEqual(["test:1", "test:3"]);
    expect(await log.pendingCount()).toBe(1);

    clock.advance(60_000);
    await log.processDue();
    expect(await destinations()).toEqual(["test:1", "test:3", "test:2"]);
    expect(await log.pendingCount()).toBe(0);
  });

  it("an event whose effects committed is never handled again, even if the worker died before it could say so", async () => {
    db = await createTestDatabase(kind);
    const database = db;
    const clock = new FakeClock();
    let attempts = 0;
    const handler: InboundHandler = async () => {
      attempts++;
      await answerInOneTransaction(database, clock, ["the answer"]);
      throw new Error("the process dies right after the commit");
    };
    const log = createInboundLog({ db, handlers: { test: handler }, clock, logger: silentLogger });
    await log.record("test", "e1", {});
    await log.processDue();
    clock.advance(10 * 60_000);
    await log.processDue();
    expect(attempts).toBe(1);
    expect(await db.prisma.outboxMessage.count()).toBe(1);
    expect(await log.pendingCount()).toBe(0);
  });

  it("a worker whose lease ran out and whose event another finished meanwhile commits nothing", async () => {
    db = await createTestDatabase(kind);
    const database = db;
    const clock = new FakeClock();
    let release: (() => void) | undefined;
    const slow: InboundHandler = async () => {
      await new Promise<void>((resolve) => (release = resolve));
      await answerInOneTransaction(database, clock, ["late answer"]);
    };
    const quick: InboundHandler = () => answerInOneTransaction(database, clock, ["answer"]);
    const hung = createInboundLog({ db, handlers: { test: slow }, clock, logger: silentLogger, leaseMs: 15_000 });
    await hung.record("test", "e1", {});
    const stuck = hung.processDue();
    // Inside the handler, past the claim and any renewal before it: only then may the lease run out.
    await expect.poll(() => release).toBeDefined();
    clock.advance(15_001);
    const other = createInboundLog({ db, handlers: { test: quick }, clock, logger: silentLogger, leaseMs: 15_000 });
    expect(await other.processDue()).toBe(1);
    release?.();
    await stuck;
    expect((await db.prisma.outboxMessage.findMany()).map((row) => row.payload)).toEqual([{ text: "answer" }]);
  });
});

describe.runIf(databaseKinds.includes("postgres"))("leases of events sharing a transaction", () => {
  it("are renewed where other instances see them while the shared transaction goes on", async () => {
    db = await createTestDatabase("postgres");
    const other = await openSecondInstance(db);
    try {
      const clock = new FakeClock();
      const leases = async () =>
        (await other.prisma.inboundEvent.findMany({ orderBy: { dedupKey: "asc" } })).map((event) => event.leaseUntil?.getTime());
      let seenMeanwhile: (number | undefined)[] = [];
      const handler: InboundHandler = async (payload) => {
        if ((payload as { chat: number }).chat !== 1) return;
        clock.advance(1000);
        await new Promise((resolve) => setTimeout(resolve, 250)); // longer than a third of the lease
        seenMeanwhile = await leases();
      };
      const log = createInboundLog({
        db,
        handlers: { test: handler },
        partitionKeys: { test: (payload) => String((payload as { chat: number }).chat) },
        shareTransaction: { test: () => true },
        eventsPerTransaction: 2,
        leaseMs: 600,
        clock,
        logger: silentLogger,
      });
      for (const chat of [1, 2]) await log.record("test", `chat:${chat}`, { chat });
      const claimedUntil = clock.now().getTime() + 600;
      await log.processDue();
      // Both events' leases moved on (the clock went forward 1 s), committed while their transaction was still open.
      expect(seenMeanwhile).toEqual([claimedUntil + 1000, claimedUntil + 1000]);
    } finally {
      await other.close();
    }
  });
});
