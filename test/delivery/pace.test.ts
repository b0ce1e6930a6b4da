import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { createDeliveryWorker, type DeliveryWorker } from "../../src/delivery/delivery-worker.js";
import type { OutboxRow, Sender } from "../../src/delivery/outbox.js";
import { createPace } from "../../src/delivery/pace.js";
import { createPaceStore, enqueue } from "../../src/delivery/store.js";
import { type PaceLimits, parsePaceSetting } from "../../src/kernel/pace.js";
import { FakeClock } from "../support/fake-clock.js";
import { silentLogger } from "../support/logger.js";
import { createTestDatabase, databaseKinds, openSecondInstance } from "../support/test-db.js";

/** A platform that records when (on the fake clock) each message reached it. */
function recordingSender(clock: FakeClock): Sender & { sends: { at: number; destination: string }[] } {
  const sender = {
    sends: [] as { at: number; destination: string }[],
    async send(row: OutboxRow) {
      sender.sends.push({ at: clock.now().getTime(), destination: row.destination });
      return {};
    },
  };
  return sender;
}

/** The most sends seen in any window of `ms` (sliding over the recorded times). */
function busiestWindow(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe.each(databaseKinds)("outbound pace (%s)", (kind) => {
  let db: Database;
  let clock: FakeClock;
  const limits: PaceLimits = { telegram: { perSecond: 10, perDestinationPerSecond: 2, burst: 0 } };

  beforeEach(async () => {
    db = await createTestDatabase(kind);
    clock = new FakeClock();
  });
  afterEach(async () => {
    await db.close();
  });

  async function backlog(destinations: number, each: number) {
    await db.prisma.$transaction(async (tx) => {
      for (let n = 0; n < each; n++) {
        for (let d = 0; d < destinations; d++) {
          await enqueue(tx, { channel: "telegram", destination: `telegram:${d}`, kind: "message", payload: { n } }, clock.now());
        }
      }
    });
  }

  const worker = (database: Database, sender: Sender) =>
    createDeliveryWorker({
      db: database,
      senders: { telegram: sender },
      clock,
      logger: silentLogger,
      pace: createPace(createPaceStore(database), limits),
    });

  /** Runs the workers' rounds while the fake clock moves on in steps of `stepMs`, until nothing is pending. */
  async function drain(workers: DeliveryWorker[], stepMs: number) {
    for (let round = 0; round < 400 && (await workers[0]?.pendingCount()) !== 0; round++) {
      await Promise.all(workers.map((w) => w.deliverDue()));
      clock.advance(stepMs);
    }
    await Promise.all(workers.map((w) => w.stop()));
  }

  it("keeps a backlog at the platform's rate, never above it, and close to it", async () => {
    const sender = recordingSender(clock);
    await backlog(10, 2); // 20 messages to 10 chats
    const start = clock.now().getTime();
    await drain([worker(db, sender)], 100);

    expect(sender.sends).toHaveLength(20);
    const times = sender.sends.map((s) => s.at);
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(10);
    for (let d = 0; d < 10; d++) {
      const toChat = sender.sends.filter((s) => s.destination === `telegram:${d}`).map((s) => s.at);
      expect(busiestWindow(toChat, 1000)).toBeLessThanOrEqual(2);
    }
    // 20 messages at 10 a second: about 2 seconds (on the fake clock), not much more.
    const took = Math.max(...times) - start;
    expect(took).toBeGreaterThanOrEqual(1_500);
    expect(took).toBeLessThan(3_000);
    // Waiting for the pace is not a failed attempt.
    const rows = await db.prisma.outboxMessage.findMany({ select: { attempts: true, status: true } });
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
  });

  it.runIf(kind === "postgres")("is shared by two instances: together they stay under the limit", async () => {
    const second = await openSecondInstance(db);
    try {
      const sender = recordingSender(clock);
      await backlog(10, 2);
      await drain([worker(db, sender), worker(second, sender)], 100);
      expect(sender.sends).toHaveLength(20);
      expect(
        busiestWindow(
          sender.sends.map((s) => s.at),
          1000,
        ),
      ).toBeLessThanOrEqual(10);
    } finally {
      await second.close();
    }
  });
});

describe("OUTBOUND_PACE", () => {
  it("reads limits by channel, 'off', and refuses what it cannot read", () => {
    expect(parsePaceSetting("off")).toBe("off");
    expect(parsePaceSetting("telegram=30/1/3, slack=0.8")).toEqual({
      telegram: { perSecond: 30, perDestinationPerSecond: 1, burst: 3 },
      slack: { perSecond: 0.8 },
    });
    expect(parsePaceSetting("telegram=fast")).toHaveProperty("error");
  });
});
