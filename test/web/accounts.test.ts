import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { appSecretFile, loadAppSecret } from "../../src/config/app-secret.js";
import { createCounters } from "../../src/db/counters.js";
import { createSetupTokens } from "../../src/web/infra/setup-tokens.js";
import { hashPassword, verifyPassword } from "../../src/web/passwords.js";
import { recordingLogger } from "../support/logger.js";
import { type WebHarness, webHarness } from "./web-harness.js";

describe("APP_SECRET", () => {
  it("is generated at the first start, kept in DATA_DIR with mode 0600, and the same at the next start", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "hotro-secret-"));
    try {
      const first = loadAppSecret({ DATA_DIR: dataDir, APP_SECRET: undefined });
      expect(first.length).toBeGreaterThanOrEqual(32);
      const file = appSecretFile(dataDir);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await readFile(file, "utf8")).trim()).toBe(first);
      expect(loadAppSecret({ DATA_DIR: dataDir, APP_SECRET: undefined })).toBe(first);
      expect(loadAppSecret({ DATA_DIR: dataDir, APP_SECRET: "x".repeat(32) })).toBe("x".repeat(32));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("staff passwords (scrypt)", () => {
  it("are salted, keep their parameters, and verify only the right password", async () => {
    const a = await hashPassword("mật khẩu dài lắm");
    const b = await hashPassword("mật khẩu dài lắm");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("mật khẩu dài lắm", a)).toBe(true);
    expect(await verifyPassword("mật khẩu dài lắm!", a)).toBe(false);
    expect(await verifyPassword("anything", null)).toBe(false);
    expect(await verifyPassword("anything", "scrypt$1$2$3$bad")).toBe(false);
    // Parameters come from the stored hash, so a cheaper or costlier hash still verifies.
    expect(await verifyPassword("p", await hashPassword("p", { N: 1024, r: 8, p: 1 }))).toBe(true);
  });
});

describe("first administrator's one-time link", () => {
  let h: WebHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("the token works once, and not after 24 hours", async () => {
    h = await webHarness();
    const tokens = createSetupTokens(h.db);
    const token = await tokens.issue(0);
    expect(await tokens.isValid("wrong", 1)).toBe(false);
    expect(await tokens.isValid(token, 24 * 3_600_000)).toBe(false);
    expect(await tokens.consume(token, 1)).toBe(true);
    expect(await tokens.consume(token, 2)).toBe(false);
  });

  it("is printed at the first start with no staff who can sign in; it creates a Customer care admin who can then sign in", async () => {
    h = await webHarness();
    const logger = recordingLogger();
    const announced: string[] = [];
    const { createWebModule } = await import("../../src/web/index.js");
    const deps = {
      env: h.env,
      policy: h.policy,
      db: h.db,
      clock: h.clock,
      tickets: h.app.tickets,
      content: h.app.content,
      reloadPolicy: h.app.reloadPolicy,
      counters: createCounters(h.db, h.clock),
    };
    const web = await createWebModule({ ...deps, logger, announce: (text) => announced.push(text) });
    await web.start();
    const token = /\/console\/setup#(\S+)/.exec(announced.join("\n"))?.[1] ?? "";
    expect(token.length).toBeGreaterThan(20);
    // Shown to the operator, never logged.
    expect(JSON.stringify(logger.lines)).not.toContain(token);
    // The harness app has its own module (its own token): drive the one just started.
    const server = (await import("fastify")).default();
    // As buildServer does: routes carry zod schemas.
    (await import("../../src/server/input.js")).useSchemaValidation(server);
    await server.register((await import("@fastify/cookie")).default);
    web.routes(server);
    const setup = (payload: object) => server.inject({ method: "POST", url: "/console/api/setup", payload });
    expect((await setup({ token: "nope", login: "admin", name: "Admin", password: "a long password" })).statusCode).toBe(403);
    expect((await setup({ token, login: "admin", name: "Admin", password: "short" })).json()).toMatchObject({
      error: "password_too_short",
    });
    expect((await setup({ token, login: "admin", name: "Admin", password: "a long password" })).statusCode).toBe(200);
    expect((await setup({ token, login: "admin2", name: "Again", password: "a long password" })).statusCode).toBe(403);
    const admin = await h.db.prisma.staff.findUniqueOrThrow({ where: { login: "admin" } });
    expect(admin.departments).toEqual(["customer_care"]);
    const signIn = await server.inject({
      method: "POST",
      url: "/console/api/sign-in",
      payload: { login: "admin", password: "a long password" },
    });
    expect(signIn.statusCode).toBe(200);
    await server.close();
    // Once someone can sign in, no link is printed.
    const quiet: string[] = [];
    await (await createWebModule({ ...deps, logger: recordingLogger(), announce: (text) => quiet.push(text) })).start();
    expect(quiet).toEqual([]);
  });
});
