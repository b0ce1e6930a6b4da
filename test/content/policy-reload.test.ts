import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { type App, createApp } from "../../src/app.js";
import { parseEnv } from "../../src/config/env.js";
import type { Database } from "../../src/db/database.js";
import { defaultPolicyFile } from "../../src/policy/load-policy.js";
import { until } from "../channels/telegram/harness.js";
import { loadDefaultPolicy } from "../support/default-policy.js";
import { FakeClock } from "../support/fake-clock.js";
import { recordingLogger, silentLogger } from "../support/logger.js";
import { createTestDatabase, openSecondInstance } from "../support/test-db.js";
import { careAdmin } from "./care-admin.js";

const HOUR = 3600_000;

/** Policy reload (SIGHUP in main.ts and the console button both call app.reloadPolicy). */
describe("policy reload", () => {
  let dir: string;
  const apps: App[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function start(options: { db?: Database; logger?: ReturnType<typeof recordingLogger> } = {}) {
    const policyFile = path.join(dir, "policy.yaml");
    if (apps.length === 0) await copyFile(defaultPolicyFile, policyFile);
    const parsed = parseEnv({ DATA_DIR: dir, APP_SECRET: "r".repeat(40), POLICY_FILE: policyFile });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    const db = options.db ?? (await createTestDatabase());
    const app = await createApp({
      env: parsed.env,
      policy: await loadDefaultPolicy(),
      policyFile,
      db,
      clock: new FakeClock("2026-11-25T02:00:00Z"),
      logger: options.logger ?? silentLogger,
    });
    apps.push(app);
    return { app, db, policyFile };
  }

  /** The YAML as plain data, changed in place (the test knows the bundled policy's shape). */
  type PolicyData = {
    departments: { calendar: string }[];
    categories: { id: string; department?: string }[];
    sla: { resolution: { hours: number } };
  };
  const priceQuote = (p: PolicyData) => p.categories.find((c) => c.id === "price_quote") ?? { id: "", department: "" };
  async function edit(file: string, change: (policy: PolicyData) => void) {
    const data = parse(await readFile(file, "utf8"));
    change(data);
    await writeFile(file, stringify(data));
  }

  async function openPriceQuote(app: App, chat: string) {
    const customer = await app.tickets.identifyCustomer({ channel: "webchat", externalId: chat, displayName: "An", language: "vi" });
    const opened = await app.tickets.open({
      customerId: customer.id,
      channel: "webchat",
      chatId: chat,
      language: "vi",
      categoryId: "price_quote",
      description: "Xin báo giá hosting",
      contact: { name: "An", phone: "0903123456" },
    });
    if (!opened.ok) throw new Error(opened.code);
    return app.tickets.ticketBrief(opened.value.ticket.id);
  }

  it("a broken file is refused with the bad field's path logged, and the running policy stays", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "hotro-reload-"));
    const logger = recordingLogger();
    const { app, policyFile } = await start({ logger });
    const before = app.policy.current();
    await edit(policyFile, (p) => {
      (p.departments[1] ?? { calendar: "" }).calendar = "nowhere";
      (p.categories[1] ?? { id: "", department: "" }).department = "marketing";
    });

    const result = await app.reloadPolicy("SIGHUP");
    expect(result).toEqual({
      ok: false,
      problems: [
        'departments[1].calendar: unknown calendar "nowhere"',
        expect.stringMatching(/^categories\[1\]\.department: unknown department "marketing"/),
      ],
    });
    expect(app.policy.current()).toBe(before);
    const logged = logger.lines.find((l) => l.level === "error");
    expect(logged?.msg).toContain("departments[1].calendar");
    expect(logged?.msg).toContain("the running policy stays");
    expect(await app.server.inject({ method: "GET", url: "/healthz" }).then((r) => r.statusCode)).toBe(200);
    expect(await app.content.recentChanges()).not.toContainEqual(expect.objectContaining({ kind: "policy" }));
  });

  it("a good file becomes the policy of new tickets; open tickets keep their deadlines; the change is recorded", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "hotro-reload-"));
    const { app, db, policyFile } = await start();
    const first = await openPriceQuote(app, "c1");
    expect(first?.departmentId).toBe("sales");
    const firstDue = (await db.prisma.ticket.findUniqueOrThrow({ where: { id: first?.id ?? "" } })).resolutionDueAt;

    await edit(policyFile, (p) => {
      priceQuote(p).department = "technical";
      p.sla.resolution.hours = 48;
    });
    const admin = await careAdmin(app);
    const reloaded = await admin.post("/console/api/policy/reload");
    expect(reloaded.json()).toEqual({ ok: true });

    const second = await openPriceQuote(app, "c2");
    expect(second?.departmentId).toBe("technical");
    const rows = await db.prisma.ticket.findMany({ orderBy: { number: "asc" } });
    expect(rows[0]?.resolutionDueAt).toEqual(firstDue);
    expect(rows[0]?.resolutionDueAt?.getTime()).toBe(new Date("2026-11-25T02:00:00Z").getTime() + 168 * HOUR);
    expect(rows[1]?.resolutionDueAt?.getTime()).toBe(new Date("2026-11-25T02:00:00Z").getTime() + 48 * HOUR);
    expect(await app.content.recentChanges()).toContainEqual(
      expect.objectContaining({ kind: "policy", action: "reloaded", itemId: policyFile, changedBy: admin.staffId }),
    );
  });

  it("every instance on the database follows a reload (PostgreSQL)", async ({ skip }) => {
    if (!process.env.TEST_DATABASE_URL) skip("one instance only on PGlite");
    dir = await mkdtemp(path.join(tmpdir(), "hotro-reload-"));
    const { app, db, policyFile } = await start({ db: await createTestDatabase("postgres") });
    const other = (await start({ db: await openSecondInstance(db) })).app;
    await edit(policyFile, (p) => {
      priceQuote(p).department = "technical";
    });
    expect(await app.reloadPolicy("SIGHUP")).toEqual({ ok: true });
    await until(
      () => other.policy.current().categories.find((c) => c.id === "price_quote")?.department === "technical",
      "the reload signal",
    );
    expect((await openPriceQuote(other, "c3"))?.departmentId).toBe("technical");
  });
});
