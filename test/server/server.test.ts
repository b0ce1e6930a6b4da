import { Writable } from "node:stream";
import cors from "@fastify/cors";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createCounters } from "../../src/db/counters.js";
import type { Database } from "../../src/db/database.js";
import { createInboundLog } from "../../src/inbound/inbound-log.js";
import { createLogger } from "../../src/logging/logger.js";
import { createHealthRegistry } from "../../src/server/health.js";
import { count } from "../../src/server/input.js";
import { createMetrics } from "../../src/server/metrics.js";
import { acceptInbound, buildServer } from "../../src/server/server.js";
import { FakeClock } from "../support/fake-clock.js";
import { silentLogger } from "../support/logger.js";
import { createTestDatabase, openMigratedCopy } from "../support/test-db.js";

describe("HTTP server", () => {
  let db: Database;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.close().catch(() => undefined);
  });

  async function serverWithWebhook() {
    const inbound = createInboundLog({ db, handlers: { test: async () => {} }, clock: new FakeClock(), logger: silentLogger });
    const app = await buildServer({
      db,
      counters: createCounters(db, new FakeClock()),
      logger: silentLogger,
      metrics: createMetrics({ inboundPending: inbound.pendingCount, outboxPending: async () => 0 }),
      bodyLimit: 1024,
    });
    app.post("/webhooks/test", (request, reply) => {
      const body = request.body as { id?: string };
      return acceptInbound(inbound, reply, { source: "test", dedupKey: String(body.id), payload: body });
    });
    return app;
  }

  it("answers /healthz 200 on a working database and 503 when it is gone", async () => {
    const app = await serverWithWebhook();
    const ok = await app.inject({ method: "GET", url: "/healthz" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: "ok", database: { reachable: true, pendingMigrations: [] } });
    await db.close();
    const gone = await app.inject({ method: "GET", url: "/healthz" });
    expect(gone.statusCode).toBe(503);
    expect(gone.json()).toMatchObject({ status: "unavailable", database: { reachable: false } });
  });

  it("answers /healthz degraded (still 200) while a component reports itself down, naming it and the reason", async () => {
    const clock = new FakeClock("2026-11-25T02:00:00Z");
    const health = createHealthRegistry(clock);
    const mail = health.component("email");
    health.component("telegram");
    const app = await buildServer({
      db,
      counters: createCounters(db, clock),
      logger: silentLogger,
      metrics: createMetrics({ inboundPending: async () => 0, outboxPending: async () => 0 }),
      health,
    });
    expect((await app.inject({ method: "GET", url: "/healthz" })).json()).toMatchObject({
      status: "ok",
      components: { email: { status: "ok" }, telegram: { status: "ok" } },
    });
    mail.down("the mailbox refused the password: set EMAIL_IMAP_URL and restart");
    clock.advance(60_000);
    mail.down("still refused");
    const degraded = await app.inject({ method: "GET", url: "/healthz" });
    expect(degraded.statusCode).toBe(200);
    expect(degraded.json()).toMatchObject({
      status: "degraded",
      database: { reachable: true },
      components: { email: { status: "down", reason: "still refused", since: "2026-11-25T02:00:00.000Z" }, telegram: { status: "ok" } },
    });
    mail.ok();
    expect((await app.inject({ method: "GET", url: "/healthz" })).json()).toMatchObject({
      status: "ok",
      components: { email: { status: "ok" } },
    });
  });

  it("answers a webhook 200 once recorded, 200 for a duplicate, and 503 when the database cannot take it", async () => {
    await db.close();
    db = await openMigratedCopy(); // closed for real below
    const app = await serverWithWebhook();
    const send = () => app.inject({ method: "POST", url: "/webhooks/test", payload: { id: "e1" } });
    expect((await send()).statusCode).toBe(200);
    expect((await send()).statusCode).toBe(200);
    expect(await db.prisma.inboundEvent.count()).toBe(1);
    await db.close();
    const unavailable = await send();
    expect(unavailable.statusCode).toBe(503);
  });

  it("answers malformed JSON 400 and an oversized body 413, never 5xx", async () => {
    const app = await serverWithWebhook();
    const bad = await app.inject({
      method: "POST",
      url: "/webhooks/test",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(bad.statusCode).toBe(400);
    const big = await app.inject({ method: "POST", url: "/webhooks/test", payload: { id: "x", pad: "x".repeat(5000) } });
    expect(big.statusCode).toBe(413);
  });

  it("serves Prometheus metrics with the inbound and outbox depth", async () => {
    const app = await serverWithWebhook();
    await app.inject({ method: "POST", url: "/webhooks/test", payload: { id: "e2" } });
    const metrics = await app.inject({ method: "GET", url: "/metrics" });
    expect(metrics.headers["content-type"]).toContain("text/plain");
    expect(metrics.body).toContain("hotro_inbound_unprocessed_events 1");
    expect(metrics.body).toContain("hotro_outbox_pending_messages 0");
    expect(metrics.body).toContain("hotro_process_cpu_user_seconds_total");
  });

  it("validates every route's schema, also in scopes registered after plugins, with a 400 that names the field and one log line", async () => {
    const lines: { msg?: string; problems?: string[]; err?: unknown }[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const logger = createLogger({ level: "info", format: "json" }, sink);
    const app = await buildServer({
      db,
      counters: createCounters(db, new FakeClock()),
      logger,
      metrics: createMetrics({ inboundPending: async () => 0, outboxPending: async () => 0 }),
    });
    await app.register(async (scope) => {
      // A plugin of its own, then a route: the scope keeps the server's validator.
      await scope.register(cors, { origin: "*" });
      scope.withTypeProvider<ZodTypeProvider>().get("/scoped", { schema: { querystring: z.object({ n: count() }) } }, async (request) => ({
        n: request.query.n,
      }));
    });
    expect((await app.inject({ method: "GET", url: "/scoped?n=7" })).json()).toEqual({ n: 7 });
    const refused = await app.inject({ method: "GET", url: "/scoped?n=2147483648" });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({
      ok: false,
      error: "invalid_request",
      problems: ["querystring.n: Too big: expected number to be <=2147483647"],
    });
    expect((await app.inject({ method: "GET", url: "/scoped?n=1&n=2" })).statusCode).toBe(400);
    const warnings = lines.filter((line) => line.msg?.startsWith("bad request"));
    expect(warnings).toHaveLength(2);
    expect(warnings.every((line) => line.err === undefined)).toBe(true);
    await app.close();
  });
});
