import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { createDeliveryWorker, DELIVERY_BACKOFF } from "../../src/delivery/delivery-worker.js";
import { DeliveryError, type OutboxRow, partsDelivered, type Sender } from "../../src/delivery/outbox.js";
import { enqueue } from "../../src/delivery/store.js";
import { backoffMs } from "../../src/kernel/backoff.js";
import { createPolicySchedule, createTicketService } from "../../src/tickets/index.js";
import { loadDefaultPolicy } from "../support/default-policy.js";
import { FakeClock } from "../support/fake-clock.js";
import { silentLogger } from "../support/logger.js";
import { createTestDatabase } from "../support/test-db.js";

/** A sender whose next answers are scripted: "ok", "429:<seconds>", "500", "permanent". */
function scriptedSender(script: string[]): Sender & { sent: OutboxRow[]; attempts: number } {
  const sender = {
    sent: [] as OutboxRow[],
    attempts: 0,
    async send(row: OutboxRow) {
      sender.attempts++;
      const next = script.shift() ?? "ok";
      if (next.startsWith("429:")) throw new DeliveryError("retry", "Too Many Requests", Number(next.slice(4)) * 1000);
      if (next === "500") throw new DeliveryError("retry", "Internal Server Error");
      if (next === "permanent") throw new DeliveryError("permanent", "Forbidden: bot was blocked by the user");
      sender.sent.push(row);
      return { platformMessageId: `m${sender.sent.length}` };
    },
  };
  return sender;
}

describe("outbox delivery", () => {
  let db: Database;
  let clock: FakeClock;

  beforeEach(async () => {
    db = await createTestDatabase();
    clock = new FakeClock();
  });
  afterEach(async () => {
    await db.close();
  });

  const write = (destination: string, text: string, ticketId?: string) =>
    db.prisma.$transaction((tx) =>
      enqueue(
        tx,
        { channel: "telegram", destination, kind: "sendMessage", payload: { text }, ...(ticketId ? { ticketId } : {}) },
        clock.now(),
      ),
    );

  it("takes over a send whose holder died mid-send once its lease ran out, and counts it as a possible duplicate", async () => {
    let release: () => void = () => undefined;
    // The process "dies" inside the platform call: the call never returns (its lease renewals, every
    // 5 s of real time, do not come within this test), so the fake clock runs the lease out.
    const hangs: Sender = { send: () => new Promise((resolve) => (release = () => resolve({}))) };
    const dead = createDeliveryWorker({ db, senders: { telegram: hangs }, clock, logger: silentLogger, leaseMs: 15_000 });
    await write("telegram:42", "xin chào");
    const stuck = dead.deliverDue();
    await expect.poll(() => db.prisma.outboxMessage.count({ where: { leaseUntil: { not: null } } })).toBe(1);

    const sender = scriptedSender([]);
    const other = createDeliveryWorker({ db, senders: { telegram: sender }, clock, logger: silentLogger, leaseMs: 15_000 });
    expect(await other.deliverDue()).toBe(0); // still leased by the other process
    clock.advance(15_001);
    expect(await other.deliverDue()).toBe(1);
    expect(sender.sent.map((r) => r.payload)).toEqual([{ text: "xin chào" }]);
    expect(other.possibleDuplicates()).toBe(1);
    expect(dead.possibleDuplicates()).toBe(0);
    release();
    await stuck;
  });

  it("delivers a message answered 429 then 200 exactly once, after the retry time", async () => {
    const sender = scriptedSender(["429:30", "ok"]);
    const worker = createDeliveryWorker({ db, senders: { telegram: sender }, clock, logger: silentLogger });
    await write("telegram:42", "xin chào");

    await worker.deliverDue();
    expect(sender.sent).toHaveLength(0);
    clock.advance(29_000);
    expect(await worker.deliverDue()).toBe(0); // the platform said 30 s: not before
    clock.advance(1_000);
    await worker.deliverDue();
    expect(sender.sent.map((r) => r.payload)).toEqual([{ text: "xin chào" }]);
    expect(sender.attempts).toBe(2);
    await worker.deliverDue();
    expect(sender.attempts).toBe(2);

    const row = await db.prisma.outboxMessage.findFirstOrThrow();
    expect(row).toMatchObject({ status: "sent", platformMessageId: "m1", attempts: 2 });
  });

  it("retries 5xx with backoff and keeps order per destination", async () => {
    const sender = scriptedSender(["500", "ok", "ok"]);
    const worker = createDeliveryWorker({ db, senders: { telegram: sender }, clock, logger: silentLogger, random: () => 0.5 });
    await write("telegram:1", "first");
    await write("telegram:1", "second");
    await worker.deliverDue();
    expect(sender.sent).toHaveLength(0); // "second" waits behind "first"
    clock.advance(backoffMs(1, DELIVERY_BACKOFF, () => 0.5));
    await worker.deliverDue();
    expect(sender.sent.map((r) => r.payload.text)).toEqual(["first", "second"]);
  });

  it("does not let one destination's failure hold up another", async () => {
    const sent: string[] = [];
    const sender: Sender = {
      async send(row) {
        if (row.destination === "telegram:1") throw new DeliveryError("retry", "Bad Gateway");
        sent.push(row.destination);
        return {};
      },
    };
    const worker = createDeliveryWorker({ db, senders: { telegram: sender }, clock, logger: silentLogger });
    await write("telegram:1", "to one");
    await write("telegram:2", "to two");
    await worker.deliverDue();
    expect(sent).toEqual(["telegram:2"]);
    expect(await worker.pendingCount()).toBe(1);
  });

  it("records a permanent error as failed with the reason on the ticket's timeline, never dropped", async () => {
    const customer = await db.prisma.customer.create({ data: {} });
    const ticket = await db.prisma.ticket.create({
      data: {
        customerId: customer.id,
        channel: "telegram",
        categoryId: "other",
        departmentId: "customer_care",
        status: "ready",
        description: "x",
      },
    });
    const sender = scriptedSender(["permanent", "ok"]);
    // As the app wires it: the ticket service keeps the timeline.
    const policy = await loadDefaultPolicy();
    const tickets = createTicketService({
      db,
      policy,
      clock,
      schedule: createPolicySchedule(policy),
      staffChannels: [],
      afterCommit: () => undefined,
    });
    const worker = createDeliveryWorker({
      db,
      senders: { telegram: sender },
      clock,
      logger: silentLogger,
      onPermanentFailure: tickets.recordDeliveryFailure,
    });
    await write("telegram:5", "your answer", ticket.id);
    await write("telegram:5", "next one");
    await worker.deliverDue();

    const rows = await db.prisma.outboxMessage.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["failed", "sent"]);
    expect(rows[0]?.lastError).toBe("Forbidden: bot was blocked by the user");
    const events = await db.prisma.timelineEvent.findMany({ where: { ticketId: ticket.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "delivery_failed", data: { reason: "Forbidden: bot was blocked by the user" } });
  });

  it("keeps a message for a channel that has no sender yet, instead of dropping it", async () => {
    const worker = createDeliveryWorker({ db, senders: {}, clock, logger: silentLogger });
    await write("telegram:1", "waiting");
    await worker.deliverDue();
    expect(await worker.pendingCount()).toBe(1);
  });

  it("keeps a multi-part sender's progress in the payload, so a retry resumes after the parts that went out", async () => {
    const calls: string[] = [];
    let failOnce = true;
    const sender: Sender = {
      async send(row) {
        const parts = ["part 1", "part 2", "part 3"];
        for (let i = partsDelivered(row); i < parts.length; i++) {
          if (i === 1 && failOnce) {
            failOnce = false;
            throw new DeliveryError("retry", "Bad Gateway", 1000, { partsDone: i });
          }
          calls.push(parts[i] ?? "");
        }
        return {};
      },
    };
    const worker = createDeliveryWorker({ db, senders: { telegram: sender }, clock, logger: silentLogger });
    await write("telegram:9", "long");
    await worker.deliverDue();
    const pending = await db.prisma.outboxMessage.findFirstOrThrow();
    expect(pending.payload).toEqual({ text: "long", partsDelivered: 1 });
    clock.advance(1000);
    await worker.deliverDue();
    expect(calls).toEqual(["part 1", "part 2", "part 3"]);
    expect((await db.prisma.outboxMessage.findFirstOrThrow()).status).toBe("sent");
    expect(partsDelivered({ payload: {} })).toBe(0);
    expect(partsDelivered({ payload: { partsDelivered: "2" } })).toBe(0);
  });

  it("backs off exponentially with jitter, capped", () => {
    expect(backoffMs(1, DELIVERY_BACKOFF, () => 0)).toBe(500);
    expect(backoffMs(1, DELIVERY_BACKOFF, () => 1)).toBe(1000);
    expect(backoffMs(4, DELIVERY_BACKOFF, () => 1)).toBe(8000);
    expect(backoffMs(30, DELIVERY_BACKOFF, () => 1)).toBe(600_000);
  });
});
