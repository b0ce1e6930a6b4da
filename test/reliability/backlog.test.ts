import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createCounters } from "../../src/db/counters.js";
import type { Database } from "../../src/db/database.js";
import { createInboundLog, type InboundHandler } from "../../src/inbound/inbound-log.js";
import { systemClock } from "../../src/kernel/clock.js";
import { createMetrics } from "../../src/server/metrics.js";
import { buildServer } from "../../src/server/server.js";
import { FakeClock } from "../support/fake-clock.js";
import { silentLogger } from "../support/logger.js";
import { createTestDatabase } from "../support/test-db.js";

let db: Database | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

describe("a backlog on the embedded database", () => {
  it("is worked through while the server keeps answering /healthz (PGlite works in a worker)", { timeout: 120_000 }, async () => {
    db = await createTestDatabase("pglite");
    const database = db;
    // A handler that, like the real ones, reads from the database for every event.
    const handler: InboundHandler = async () => {
      await database.prisma.inboundEvent.findFirst({ where: { processedAt: null }, select: { id: true } });
    };
    const log = createInboundLog({
      db,
      handlers: { test: handler },
      partitionKeys: { test: (p) => String((p as { chat: number }).chat) },
      clock: new FakeClock(),
      logger: silentLogger,
    });
    for (let i = 0; i < 2000; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => log.record("test", String(i + j), { chat: (i + j) % 500 })));
    }
    const server = await buildServer({
      db,
      counters: createCounters(db, systemClock),
      logger: silentLogger,
      metrics: createMetrics({ inboundPending: log.pendingCount, outboxPending: async () => 0 }),
    });
    await server.listen({ port: 0, host: "127.0.0.1" });
    const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/healthz`;

    let done = false;
    const backlog = log.processDue().finally(() => {
      done = true;
    });
    // Probes one after another while the backlog lasts: each answer before the end shows the event loop was free.
    const answeredDuringBacklog: number[] = [];
    while (!done) {
      const response = await fetch(url);
      if (!done) answeredDuringBacklog.push(response.status);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await backlog).toBe(2000);
    await server.close();
    expect(answeredDuringBacklog.length).toBeGreaterThan(20);
    expect(new Set(answeredDuringBacklog)).toEqual(new Set([200]));
  });
});
