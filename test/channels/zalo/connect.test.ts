import { createHash } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { addStaffAccount } from "../../../src/web/staff-accounts.js";
import { type ZaloHarness, zaloHarness } from "./harness.js";

const PASSWORD = "correct horse battery";
const TOKEN = "/v4/oa/access_token";

let h: ZaloHarness | undefined;
afterEach(async () => {
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

/** The OA not connected yet, an administrator of Customer care ("an", the first account) and a member of it who is not. */
async function setUp() {
  const harness = await zaloHarness({ connect: false });
  h = harness;
  const add = async (login: string, departments: string[]) => {
    const added = await addStaffAccount(harness.app.tickets, harness.policy, { login, name: login, departments, password: PASSWORD });
    if (!added.ok) throw new Error(added.code);
  };
  await add("an", ["customer_care"]);
  await add("binh", ["customer_care"]);
  await add("lan", ["sales"]);
  const signIn = async (login: string) => {
    const response = await harness.app.server.inject({
      method: "POST",
      url: "/console/api/sign-in",
      payload: { login, password: PASSWORD },
    });
    const cookie = String(response.headers["set-cookie"]).split(";")[0] ?? "";
    const csrf = (response.json() as { csrf: string }).csrf;
    return {
      get: (url: string) => harness.app.server.inject({ method: "GET", url, headers: { cookie, "x-lang": "en" } }),
      post: (url: string) =>
        harness.app.server.inject({ method: "POST", url, payload: {}, headers: { cookie, "x-csrf-token": csrf, "x-lang": "en" } }),
    };
  };
  return { h: harness, signIn };
}

/** Starts a consent as this admin; Zalo's consent page (the stand-in) sends the browser back with a code. */
async function consent(admin: { post(url: string): Promise<LightMyRequestResponse> }) {
  const started = await admin.post("/console/api/zalo/connect");
  expect(started.statusCode).toBe(200);
  const url = new URL((started.json() as { url: string }).url);
  const browser = String(started.headers["set-cookie"]).split(";")[0] ?? "";
  const fromZalo = await fetch(url, { redirect: "manual" });
  expect(fromZalo.status).toBe(302);
  const back = new URL(fromZalo.headers.get("location") ?? "");
  return { url, browser, back };
}

const rowOf = (harness: ZaloHarness) => harness.db.prisma.zaloToken.findUnique({ where: { id: "oa" } });

describe("connecting the Zalo OA from the console (OAuth v4 with PKCE)", () => {
  it("a Customer care admin connects: challenge in the link, verifier only on the server, tokens stored, state shown", async () => {
    const { h, signIn } = await setUp();
    const an = await signIn("an");
    const before = (await an.get("/console/api/zalo")).json();
    expect(before).toMatchObject({
      ok: true,
      enabled: true,
      callbackUrl: "http://localhost:3000/console/zalo/callback",
      status: { connected: false },
    });

    const { url, browser, back } = await consent(an);
    expect(`${url.origin}${url.pathname}`).toBe(`${h.standin.origin}/v4/oa/permission`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      app_id: h.standin.appId,
      redirect_uri: "http://localhost:3000/console/zalo/callback",
    });
    const state = url.searchParams.get("state") ?? "";
    const challenge = url.searchParams.get("code_challenge") ?? "";
    expect(state).toMatch(/^[\w-]{32}$/);
    expect(challenge).toMatch(/^[\w-]{43}$/);
    // Kept under the state's hash, never the state; the verifier's S256 is the link's challenge.
    const pending = await h.db.prisma.zaloConsent.findMany();
    expect(pending).toHaveLength(1);
    expect(pending[0]?.stateHash).toBe(createHash("sha256").update(state).digest("hex"));
    expect(
      createHash("sha256")
        .update(pending[0]?.codeVerifier ?? "")
        .digest("base64url"),
    ).toBe(challenge);
    expect(url.toString()).not.toContain(pending[0]?.codeVerifier ?? "?");
    expect(browser).toMatch(/^hotro_zalo_consent=/);

    const callback = await h.app.server.inject({ method: "GET", url: `${back.pathname}${back.search}`, headers: { cookie: browser } });
    expect(callback.statusCode).toBe(200);
    expect(callback.body).toContain("The Official Account is connected.");
    expect(callback.headers["content-security-policy"]).toContain("default-src 'none'");
    const [exchange] = h.standin.callsTo(TOKEN);
    expect(exchange).toMatchObject({
      error: 0,
      headers: { secret_key: h.standin.appSecret },
      fields: { grant_type: "authorization_code", code: back.searchParams.get("code"), code_verifier: pending[0]?.codeVerifier },
    });
    const row = await rowOf(h);
    expect(row).toMatchObject({ oaId: h.standin.oaId, connectedAt: h.clock.now(), refusedAt: null });
    expect(row?.accessExpiresAt.getTime()).toBe(h.clock.now().getTime() + 90_000_000);
    expect(await h.db.prisma.zaloConsent.count()).toBe(0);

    // The pair works: a customer's question is answered with it.
    await h.say("Mấy giờ bên bạn làm việc?");
    expect(h.standin.callsTo("/v3.0/oa/message/cs").at(-1)).toMatchObject({ error: 0, headers: { access_token: row?.accessToken } });

    const after = (await an.get("/console/api/zalo")).json();
    expect(after.status).toEqual({
      connected: true,
      oaId: h.standin.oaId,
      connectedAt: h.clock.now().toISOString(),
      accessExpiresAt: new Date(h.clock.now().getTime() + 90_000_000).toISOString(),
    });

    // The same callback again: the state was used once (its language with it); the stored pair stays as it is.
    const replay = await h.app.server.inject({ method: "GET", url: `${back.pathname}${back.search}`, headers: { cookie: browser } });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain("đã được dùng");
    expect(h.standin.callsTo(TOKEN)).toHaveLength(1);
    expect((await rowOf(h))?.accessToken).toBe(row?.accessToken);
  });

  it("a state the console did not give, another browser, a late callback or a wrong verifier: a clear error, nothing stored", async () => {
    const { h, signIn } = await setUp();
    const an = await signIn("an");
    const callback = (back: URL, cookie: string) =>
      h.app.server.inject({ method: "GET", url: `${back.pathname}${back.search}`, headers: cookie ? { cookie } : {} });

    const forged = await consent(an);
    forged.back.searchParams.set("state", "not-the-state-we-gave-zalo");
    // Unknown, so in the company's language rather than the admin's.
    const unknown = await callback(forged.back, forged.browser);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain("Liên kết này không do bàn làm việc nhân viên tạo ra");

    const elsewhere = await consent(an);
    const noCookie = await callback(elsewhere.back, "");
    expect(noCookie.statusCode).toBe(400);
    expect(noCookie.body).toContain("The consent was started in another browser. Nothing was stored");

    const late = await consent(an);
    h.clock.advance(11 * 60_000);
    const expired = await callback(late.back, late.browser);
    expect(expired.body).toContain("more than 10 minutes");

    // A verifier that does not match the link's challenge: the stand-in, like Zalo, refuses the code.
    const tampered = await consent(an);
    await h.db.prisma.zaloConsent.updateMany({ data: { codeVerifier: "x".repeat(43) } });
    const refused = await callback(tampered.back, tampered.browser);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("Zalo did not give the tokens (error -14002: Invalid code verifier)");

    const denied = await consent(an);
    denied.back.searchParams.delete("code");
    expect((await callback(denied.back, denied.browser)).body).toContain("Zalo did not give the tokens (no authorization code)");

    expect(await rowOf(h)).toBeNull();
    expect(h.standin.callsTo(TOKEN).map((c) => c.error)).toEqual([-14002]);
    expect((await an.get("/console/api/zalo")).json().status).toEqual({ connected: false });
  });

  it("only Customer care administrators start a consent; Customer care sees the state and a refused refresh", async () => {
    const { h, signIn } = await setUp();
    const binh = await signIn("binh");
    const lan = await signIn("lan");
    expect((await binh.post("/console/api/zalo/connect")).json()).toMatchObject({ error: "not_admin" });
    expect((await lan.post("/console/api/zalo/connect")).statusCode).toBe(403);
    expect((await lan.get("/console/api/zalo")).json()).toMatchObject({ error: "not_customer_care" });
    expect(await h.db.prisma.zaloConsent.count()).toBe(0);

    await h.connect();
    const at = h.clock.now();
    await h.db.prisma.zaloToken.update({
      where: { id: "oa" },
      data: { refusedAt: at, refusedReason: "error -14014: Invalid refresh token" },
    });
    expect((await binh.get("/console/api/zalo")).json().status).toMatchObject({
      connected: false,
      refused: { at: at.toISOString(), reason: "error -14014: Invalid refresh token" },
    });
  });
});
