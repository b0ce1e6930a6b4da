import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.js";
import { parseEnv } from "../../src/config/env.js";
import type { Database } from "../../src/db/database.js";
import { loadDefaultPolicy } from "../support/default-policy.js";
import { FakeClock } from "../support/fake-clock.js";
import { silentLogger } from "../support/logger.js";
import { createTestDatabase, openSecondInstance } from "../support/test-db.js";

describe.skipIf(!process.env.TEST_DATABASE_URL)("APP_SECRET unset, several instances on one PostgreSQL", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  });

  async function instance(db: Database): Promise<App> {
    const dataDir = await mkdtemp(path.join(tmpdir(), "hotro-secret-"));
    const parsed = parseEnv({ DATA_DIR: dataDir, LOG_LEVEL: "silent" });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    const app = await createApp({
      env: parsed.env,
      policy: await loadDefaultPolicy(),
      db,
      clock: new FakeClock("2026-11-25T02:00:00Z"),
      logger: silentLogger,
    });
    cleanups.push(
      () => rm(dataDir, { recursive: true, force: true }),
      () => app.stop(),
    );
    return app;
  }

  it("every instance signs with the secret the first one generated: a web chat session made on one is valid on the other", async () => {
    const first = await createTestDatabase("postgres");
    const second = await openSecondInstance(first);
    cleanups.push(
      () => first.close(),
      () => second.close(),
    );
    const [a, b] = await Promise.all([instance(first), instance(second)]);

    const session = await a.server.inject({ method: "POST", url: "/webchat/session", payload: {} });
    const { visitorId, token } = session.json() as { visitorId: string; token: string };
    const onB = await b.server.inject({ method: "POST", url: "/webchat/email", payload: { visitorId, token, email: "an@congty.vn" } });
    expect(onB.statusCode).toBe(200);
    const forged = await b.server.inject({
      method: "POST",
      url: "/webchat/email",
      payload: { visitorId, token: `${token.slice(0, -2)}xx`, email: "an@congty.vn" },
    });
    expect(forged.statusCode).toBe(401);
    expect(await first.prisma.appSetting.count()).toBe(1);
  });
});
