import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { createInboundLog, type InboundHandler, type InboundLog } from "../../src/inbound/inbound-log.js";
import { FakeClock } from "../support/fake-clock.js";
import { silentLogger } from "../support/logger.js";
import { createTestDatabase, databaseKinds, openSecondInstance } from "../support/test-db.js";

const byChat = { test: (payload: unknown) => String((payload as { chat: number }).chat) };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A log of one source, "test", partitioned by chat. */
const chatLog = (db: Database, handler: InboundHandler, options: { clock?: FakeClock; concurrency?: number; leaseMs?: number } = {}) =>
  createInboundLog({ db, handlers: { test: handler }, partitionKeys: byChat, clock: new FakeClock(), logger: silentLogger, ...options });

let opened: Database[] = [];
afterEach(async () => {
  for (const db of opened) await db.close();
  opened = [];
});

describe.each(databaseKinds)("inbound partitions on %s", (kind) => {
  it("processes each chat's events in arrival order, one at a time, while chats go in parallel", async () => {
    const db = await createTestDatabase(kind);
    opened.push(db);
    const seen = new Map<number, number[]>();
    let running = 0;
    let mostAtOnce = 0;
    const busyChats = new Set<number>();
    const handler: InboundHandler = async (payload) => {
      const { chat, n } = payload as { chat: number; n: number };
      expect(busyChats.has(chat)).toBe(false); // never two events of one chat at once
      busyChats.add(chat);
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await pause(n % 3); // handlers take different times: order must not depend on it
      seen.set(chat, [...(seen.get(chat) ?? []), n]);
      running--;
      busyChats.delete(chat);
    };
    const log = chatLog(db, handler, { concurrency: 4 });
    // A chat's events are next to each other in the log: free lanes would take them together.
    for (let chat = 1; chat <= 10; chat++) for (let n = 1; n <= 8; n++) await log.record("test", `${chat}:${n}`, { chat, n });

    expect(await log.processDue()).toBe(80);
    for (let chat = 1; chat <= 10; chat++) expect(seen.get(chat)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    if (kind === "postgres") expect(mostAtOnce).toBeGreaterThan(1);
  });

  it("holds a chat's later events while an earlier one waits for its retry, and lets other chats go on", async () => {
    const db = await createTestDatabase(kind);
    opened.push(db);
    const clock = new FakeClock();
    const seen: string[] = [];
    let failOnce = true;
    const handler: InboundHandler = async (payload) => {
      const { chat, n } = payload as { chat: number; n: number };
      if (chat === 1 && n === 1 && failOnce) {
        failOnce = false;
        throw new Error("platform look-up failed");
      }
      seen.push(`${chat}:${n}`);
    };
    const log = chatLog(db, handler, { clock, concurrency: 2 });
    for (const [chat, n] of [
      [1, 1],
      [1, 2],
      [2, 1],
    ]) {
      await log.record("test", `${chat}:${n}`, { chat, n });
    }
    await log.processDue();
    expect(seen).toEqual(["2:1"]); // chat 1 waits behind its failed first event
    clock.advance(60_000);
    await log.processDue();
    expect(seen).toEqual(["2:1", "1:1", "1:2"]);
  });

  it("brings an idle lane back when an event arrives while another lane is busy, without waiting for it", async () => {
    const db = await createTestDatabase(kind);
    opened.push(db);
    const seen: number[] = [];
    let release: () => void = () => undefined;
    const handler: InboundHandler = async (payload) => {
      const { chat } = payload as { chat: number };
      if (chat === 1) await new Promise<void>((resolve) => (release = resolve)); // a slow turn
      seen.push(chat);
    };
    const log = chatLog(db, handler, { concurrency: 2 });
    await log.record("test", "1:1", { chat: 1, n: 1 });
    const round = log.processDue();
    await expect.poll(() => db.prisma.inboundEvent.count({ where: { leaseUntil: { not: null } } })).toBe(1);
    await pause(20); // the other lane found nothing and ended
    await log.record("test", "2:1", { chat: 2, n: 1 });
    await expect.poll(() => seen).toEqual([2]); // handled while chat 1's turn still runs
    release();
    await round;
    expect(seen).toEqual([2, 1]);
  });

  it("a cleanly stopped process frees the events it claimed but never started, for another to take at once", async () => {
    const db = await createTestDatabase(kind);
    opened.push(db);
    const clock = new FakeClock();
    const started: number[] = [];
    const gates = new Map<number, () => void>();
    const handler: InboundHandler = async (payload) => {
      const { chat } = payload as { chat: number };
      started.push(chat);
      if (chat === 1 || chat === 3) await new Promise<void>((resolve) => gates.set(chat, resolve));
    };
    const log = chatLog(db, handler, { clock, concurrency: 2 });
    for (const chat of [1, 2, 3, 4]) await log.record("test", `${chat}:1`, { chat, n: 1 });
    log.start(60_000);
    // Two lanes: chat 1 holds one; the other handles 2, then claims 3 and 4 together and holds 3: 4 waits, claimed.
    await expect.poll(() => started).toEqual([1, 2, 3]);
    const stopping = log.stop();
    for (const resolve of gates.values()) resolve();
    await stopping;
    expect(started).toEqual([1, 2, 3]);
    const four = await db.prisma.inboundEvent.findFirstOrThrow({ where: { dedupKey: "4:1" } });
    expect(four).toMatchObject({ processedAt: null, leaseUntil: null, attempts: 0 });

    const other = chatLog(db, handler, { clock });
    expect(await other.processDue()).toBe(1); // no lease to wait for
    expect(started).toEqual([1, 2, 3, 4]);
  });

  it("takes over an event whose holder stopped renewing its lease (a dead process), once the lease has run out", async () => {
    const db = await createTestDatabase(kind);
    opened.push(db);
    const clock = new FakeClock();
    const seen: number[] = [];
    let release: () => void = () => undefined;
    const hangs: InboundHandler = () => new Promise<void>((resolve) => (release = resolve)); // dies mid-event
    const dead = chatLog(db, hangs, { clock, leaseMs: 15_000 });
    await dead.record("test", "1:1", { chat: 1, n: 1 });
    const stuck = dead.processDue();
    await expect.poll(() => db.prisma.inboundEvent.count({ where: { leaseUntil: { not: null } } })).toBe(1);

    const handler: InboundHandler = async (payload) => {
      seen.push((payload as { n: number }).n);
    };
    const other = chatLog(db, handler, { clock, leaseMs: 15_000 });
    expect(await other.processDue()).toBe(0); // leased: not taken
    clock.advance(15_001);
    expect(await other.processDue()).toBe(1);
    expect(seen).toEqual([1]);
    release();
    await stuck;
  });
});

describe.runIf(databaseKinds.includes("postgres"))("two instances on one PostgreSQL", () => {
  it("a burst of numbered messages from 50 chats to both: each chat's in order, each exactly once", async () => {
    const first = await createTestDatabase("postgres");
    const second = await openSecondInstance(first);
    opened.push(first, second);

    const handled: { chat: number; n: number; by: string }[] = [];
    const instance = (db: Database, by: string): InboundLog =>
      createInboundLog({
        db,
        handlers: {
          test: async (payload) => {
            const { chat, n } = payload as { chat: number; n: number };
            await pause(n % 2);
            handled.push({ chat, n, by });
          },
        },
        partitionKeys: byChat,
        clock: new FakeClock(),
        logger: silentLogger,
        concurrency: 4,
      });
    const a = instance(first, "a");
    const b = instance(second, "b");
    // Each chat sends its ten messages in a burst, to either instance (so a chat's events lie next to
    // each other in the log, where free lanes would take them together); then both work the backlog.
    for (let chat = 0; chat < 50; chat++) {
      for (let n = 1; n <= 10; n++) await (n % 2 ? a : b).record("test", `${chat}:${n}`, { chat, n });
    }
    await Promise.all([a.processDue(), b.processDue()]);
    expect(handled).toHaveLength(500);

    for (let chat = 0; chat < 50; chat++) {
      expect(handled.filter((h) => h.chat === chat).map((h) => h.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
    expect(new Set(handled.map((h) => h.by))).toEqual(new Set(["a", "b"]));
  });
});
