import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { createSessionStore } from "../../src/web/infra/sessions.js";
import { createSetupTokens } from "../../src/web/infra/setup-tokens.js";
import { silentLogger } from "../support/logger.js";
import { type WebHarness, webHarness } from "./web-harness.js";

const HOUR = 3_600_000;
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const cookieValue = (cookie: string) => cookie.slice(cookie.indexOf("=") + 1);

describe("console sessions in the database", () => {
  let h: WebHarness;
  const extraServers: FastifyInstance[] = [];
  beforeEach(async () => {
    h = await webHarness();
    await h.staff("lan", ["sales"]);
  });
  afterEach(async () => {
    // Only the servers: the second app shares the harness's database, which h.close() closes.
    for (const server of extraServers.splice(0)) await server.close();
    await h.close();
  });

  /** Another app on the same database: what a restart, or a second instance, sees. */
  const secondApp = async () => {
    const app = await createApp({ env: h.env, policy: h.policy, db: h.db, clock: h.clock, logger: silentLogger });
    extraServers.push(app.server);
    return app;
  };
  const me = (server: FastifyInstance, cookie: string) => server.inject({ method: "GET", url: "/console/api/me", headers: { cookie } });

  it("a session survives an app restart on the same database, with the same CSRF token", async () => {
    const ticket = await h.openRequest();
    const session = await h.signIn("lan");
    await h.app.server.close();
    const restarted = await secondApp();
    const response = await me(restarted.server, session.cookie);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ csrf: session.csrf, staff: { name: "LAN" } });
    const claim = await restarted.server.inject({
      method: "POST",
      url: "/console/api/claim-next",
      payload: {},
      headers: { cookie: session.cookie, "x-csrf-token": session.csrf },
    });
    expect(claim.json()).toMatchObject({ ok: true, ticket: { number: ticket.number } });
  });

  it("sign-out deletes the row, and the cookie is refused by every instance", async () => {
    const other = await secondApp();
    const session = await h.signIn("lan");
    expect(await h.db.prisma.consoleSession.count()).toBe(1);
    expect((await me(other.server, session.cookie)).statusCode).toBe(200);
    const out = await other.server.inject({
      method: "POST",
      url: "/console/api/sign-out",
      payload: {},
      headers: { cookie: session.cookie, "x-csrf-token": session.csrf },
    });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers["set-cookie"])).toMatch(/Max-Age=0/);
    expect(await h.db.prisma.consoleSession.count()).toBe(0);
    expect((await me(h.app.server, session.cookie)).statusCode).toBe(401);
  });

  it("keeps only the SHA-256 of the cookie value: the value itself is nowhere in the table", async () => {
    const session = await h.signIn("lan");
    const value = cookieValue(session.cookie);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await h.db.prisma.consoleSession.findMany();
    expect(rows.map((r) => r.id)).toEqual([sha256(value)]);
    expect(JSON.stringify(rows)).not.toContain(value);
    // The hash as a cookie signs nobody in.
    expect((await me(h.app.server, `hotro_console=${sha256(value)}`)).statusCode).toBe(401);
  });

  it("an idle session expires after 12 hours (fake clock) and its row is deleted; use slides the timeout", async () => {
    const session = await h.signIn("lan");
    h.clock.advance(11 * HOUR);
    expect((await me(h.app.server, session.cookie)).statusCode).toBe(200);
    h.clock.advance(11 * HOUR);
    expect((await me(h.app.server, session.cookie)).statusCode).toBe(200);
    h.clock.advance(12 * HOUR + 1);
    const expired = await me(h.app.server, session.cookie);
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ error: "not_signed_in" });
    expect(await h.db.prisma.consoleSession.count()).toBe(0);
  });

  it("moves lastSeenAt at most once a minute", async () => {
    const session = await h.signIn("lan");
    const seen = async () => (await h.db.prisma.consoleSession.findFirstOrThrow()).lastSeenAt.toISOString();
    const start = await seen();
    h.clock.advance(30_000);
    await me(h.app.server, session.cookie);
    expect(await seen()).toBe(start);
    h.clock.advance(31_000);
    await me(h.app.server, session.cookie);
    expect(await seen()).toBe(h.clock.now().toISOString());
    const row = await h.db.prisma.consoleSession.findFirstOrThrow();
    expect(row.expiresAt.getTime() - row.lastSeenAt.getTime()).toBe(12 * HOUR);
  });

  it("signing in again replaces the browser's previous session; expired rows are purged at a later sign-in", async () => {
    const first = await h.signIn("lan");
    const again = await h.app.server.inject({
      method: "POST",
      url: "/console/api/sign-in",
      payload: { login: "lan", password: "correct horse battery" },
      headers: { cookie: first.cookie },
    });
    expect(again.statusCode).toBe(200);
    expect((await h.db.prisma.consoleSession.findMany()).map((r) => r.id)).not.toContain(sha256(cookieValue(first.cookie)));
    expect(await h.db.prisma.consoleSession.count()).toBe(1);
    h.clock.advance(13 * HOUR);
    await h.staff("minh", ["sales"]);
    await h.signIn("minh");
    const left = await h.db.prisma.consoleSession.findMany({ include: { staff: { select: { login: true } } } });
    expect(left.map((r) => r.staff.login)).toEqual(["minh"]);
  });

  it("endSessionsOf ends every session of one person (a password change, a deactivation), and only theirs", async () => {
    await h.staff("minh", ["technical"]);
    const [first, second, other] = [await h.signIn("lan"), await h.signIn("lan"), await h.signIn("minh")];
    const lan = await h.db.prisma.staff.findUniqueOrThrow({ where: { login: "lan" } });
    await createSessionStore(h.db).endSessionsOf(lan.id);
    expect((await me(h.app.server, first.cookie)).statusCode).toBe(401);
    expect((await me(h.app.server, second.cookie)).statusCode).toBe(401);
    expect((await me(h.app.server, other.cookie)).statusCode).toBe(200);
  });

  it("a deactivated staff member's session is refused and deleted", async () => {
    const session = await h.signIn("lan");
    await h.db.prisma.staff.update({ where: { login: "lan" }, data: { active: false } });
    expect((await me(h.app.server, session.cookie)).statusCode).toBe(401);
    expect(await h.db.prisma.consoleSession.count()).toBe(0);
  });
});

describe("the one-time setup link in the database", () => {
  let h: WebHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("keeps only the token's hash; a token printed by one instance works on another, once, even when two race", async () => {
    h = await webHarness();
    const now = h.clock.now().getTime();
    const token = await createSetupTokens(h.db).issue(now);
    const rows = await h.db.prisma.consoleSetupToken.findMany();
    expect(rows.map((r) => r.tokenHash)).toEqual([sha256(token)]);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]?.expiresAt.getTime()).toBe(now + 24 * HOUR);

    const elsewhere = createSetupTokens(h.db);
    expect(await elsewhere.isValid(token, now + 1)).toBe(true);
    const raced = await Promise.all([elsewhere.consume(token, now + 2), createSetupTokens(h.db).consume(token, now + 2)]);
    expect(raced.filter(Boolean)).toHaveLength(1);
    expect(await elsewhere.isValid(token, now + 3)).toBe(false);
    expect((await h.db.prisma.consoleSetupToken.findFirstOrThrow()).usedAt?.getTime()).toBe(now + 2);
  });

  it("the setup page reports a link as spent once someone can sign in", async () => {
    h = await webHarness();
    const token = await createSetupTokens(h.db).issue(h.clock.now().getTime());
    const valid = async () =>
      (await h?.app.server.inject({ method: "GET", url: `/console/api/setup?token=${encodeURIComponent(token)}` }))?.json() as {
        valid: boolean;
      };
    expect(await valid()).toEqual({ ok: true, valid: true });
    await h.staff("lan", ["sales"]);
    expect(await valid()).toEqual({ ok: true, valid: false });
  });
});
