import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logging/logger.js";
import { fileLinkExpiry, signedFilePath } from "../../src/web/file-links.js";
import { createSetupTokens } from "../../src/web/infra/setup-tokens.js";
import { ticketLink } from "../../src/web/ticket-links.js";
import { webchatHarness } from "../channels/webchat/harness.js";
import { type WebHarness, webHarness } from "../web/web-harness.js";

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers) await close();
  closers = [];
});

describe("the client address (TRUST_PROXY)", () => {
  const sessions = async (env: Record<string, string>) => {
    const h = await webchatHarness({ env });
    closers.push(() => h.app.stop());
    const codes: number[] = [];
    for (let i = 0; i < 40; i++) {
      const response = await h.app.server.inject({
        method: "POST",
        url: "/webchat/session",
        payload: {},
        remoteAddress: "10.0.0.2",
        headers: { "x-forwarded-for": `203.0.113.${i + 1}` },
      });
      codes.push(response.statusCode);
    }
    return codes;
  };

  it("unset: X-Forwarded-For is not believed, 40 sessions from one client with 40 forwarded addresses meet the limit of 30", async () => {
    const codes = await sessions({});
    expect(codes.slice(0, 30).every((c) => c === 200)).toBe(true);
    expect(codes.slice(30)).toEqual(Array(10).fill(429));
  });

  it("TRUST_PROXY=1 behind a proxy: the limit applies per forwarded client", async () => {
    expect(new Set(await sessions({ TRUST_PROXY: "1" }))).toEqual(new Set([200]));
  });

  it("the demo page's embed snippet uses the request's own Host, never X-Forwarded-Host; PUBLIC_URL when set", async () => {
    const h = await webchatHarness();
    closers.push(() => h.app.stop());
    const page = await h.app.server.inject({
      method: "GET",
      url: "/",
      headers: { host: "hotro.local:3000", "x-forwarded-host": "evil.example" },
    });
    expect(page.body).toContain("http://hotro.local:3000/widget.js");
    expect(page.body).not.toContain("evil.example");
    const trusted = await webchatHarness({ env: { TRUST_PROXY: "1" } });
    closers.push(() => trusted.app.stop());
    const behind = await trusted.app.server.inject({
      method: "GET",
      url: "/",
      headers: { host: "hotro.local", "x-forwarded-host": "evil.example" },
    });
    expect(behind.body).not.toContain("evil.example");
    const configured = await webchatHarness({ env: { PUBLIC_URL: "https://hotro.example.vn" } });
    closers.push(() => configured.app.stop());
    expect((await configured.app.server.inject({ method: "GET", url: "/", headers: { host: "other" } })).body).toContain(
      "https://hotro.example.vn/widget.js",
    );
  });
});

describe("/metrics", () => {
  it("without METRICS_TOKEN answers loopback clients only, and not through an untrusted proxy", async () => {
    const h = await webchatHarness();
    closers.push(() => h.app.stop());
    const get = (remoteAddress: string, headers: Record<string, string> = {}) =>
      h.app.server.inject({ method: "GET", url: "/metrics", remoteAddress, headers });
    expect((await get("127.0.0.1")).statusCode).toBe(200);
    expect((await get("::1")).statusCode).toBe(200);
    expect((await get("192.0.2.4")).statusCode).toBe(403);
    expect((await get("127.0.0.1", { "x-forwarded-for": "192.0.2.4" })).statusCode).toBe(403);
  });

  it("with METRICS_TOKEN asks for it as a Bearer token, from anywhere", async () => {
    const token = "metrics-token-0123456789";
    const h = await webchatHarness({ env: { METRICS_TOKEN: token } });
    closers.push(() => h.app.stop());
    const get = (authorization?: string) =>
      h.app.server.inject({ method: "GET", url: "/metrics", remoteAddress: "192.0.2.4", headers: authorization ? { authorization } : {} });
    expect((await get()).statusCode).toBe(401);
    expect((await get("Bearer wrong-token-0123456789")).statusCode).toBe(401);
    const ok = await get(`Bearer ${token}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain("hotro_");
  });
});

describe("security headers", () => {
  it("a CSP per page, no-store on the console API, HSTS only behind https, the widget embeddable cross-origin", async () => {
    const h = await webHarness();
    closers.push(h.close);
    const get = (url: string) => h.app.server.inject({ method: "GET", url });
    const consolePage = await get("/console");
    expect(consolePage.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(consolePage.headers["x-frame-options"]).toBe("DENY");
    expect(consolePage.headers["strict-transport-security"]).toBeUndefined();
    expect((await get("/")).headers["content-security-policy"]).toContain("connect-src 'self'");
    expect((await get("/console/api/me")).headers["cache-control"]).toBe("no-store");
    expect((await get("/console/api/setup?token=x")).headers["cache-control"]).toBe("no-store");
    const widget = await get("/widget.js");
    expect(widget.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    expect(widget.headers["access-control-allow-origin"]).toBe("*");
    expect((await get("/console/assets/console.js")).statusCode).toBe(200);
    expect((await get("/web/assets/web.css")).statusCode).toBe(200);

    await h.staff("lan", ["sales"]);
    const me = await h.as(await h.signIn("lan")).get("/console/api/me");
    expect(me.headers["cache-control"]).toBe("no-store");

    const https = await webHarness({ env: { PUBLIC_URL: "https://hotro.example.vn" } });
    closers.push(https.close);
    const secure = await https.app.server.inject({ method: "GET", url: "/console" });
    expect(secure.headers["strict-transport-security"]).toMatch(/max-age=31536000/);
  });
});

describe("no secrets or personal data in the log", () => {
  it("a whole scenario at LOG_LEVEL=debug logs URLs masked and none of the secrets it used", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    const logger = createLogger({ level: "debug", format: "json" }, sink);
    const h: WebHarness = await webHarness({ logger });
    closers.push(h.close);
    const inject = h.app.server.inject.bind(h.app.server);
    const phone = "0987654321";
    const password = "a long password 123";

    // Web chat: a session, a message, the feed read with the visitor's token in the URL.
    const session = (await inject({ method: "POST", url: "/webchat/session", payload: {} })).json() as { visitorId: string; token: string };
    await inject({ method: "POST", url: "/webchat/messages", payload: { ...session, clientMessageId: "m1", text: `số tôi ${phone}` } });
    await h.app.inbound.processDue();
    const feed = `/webchat/messages?visitorId=${session.visitorId}&token=${encodeURIComponent(session.token)}&after=0`;
    expect((await inject({ method: "GET", url: feed })).statusCode).toBe(200);

    // The customer's ticket page and a signed file link.
    const ticket = await h.openRequest("Cần báo giá", { name: "Trần Văn Bảo", phone });
    const page = new URL(ticketLink(h.env, ticket)).pathname;
    expect((await inject({ method: "GET", url: page })).statusCode).toBe(200);
    await mkdir(path.join(h.dataDir, "files", "t1"), { recursive: true });
    await writeFile(path.join(h.dataDir, "files", "t1", "hoa-don.png"), "png");
    const file = { key: "t1/hoa-don.png", name: "hoa-don.png", mimeType: "image/png" };
    const fileUrl = signedFilePath(h.env.APP_SECRET ?? "", file, fileLinkExpiry(h.clock.now()));
    expect((await inject({ method: "GET", url: fileUrl })).statusCode).toBe(200);

    // The first administrator's setup link, sign-in, and a search by phone.
    const setupToken = await createSetupTokens(h.db).issue(h.clock.now().getTime());
    expect((await inject({ method: "GET", url: `/console/api/setup?token=${setupToken}` })).json()).toMatchObject({ valid: true });
    const setup = await inject({
      method: "POST",
      url: "/console/api/setup",
      payload: { token: setupToken, login: "admin", name: "Admin", password },
    });
    expect(setup.statusCode).toBe(200);
    const signedIn = await inject({ method: "POST", url: "/console/api/sign-in", payload: { login: "admin", password } });
    const cookie = String(signedIn.headers["set-cookie"]).split(";")[0] ?? "";
    const csrf = (signedIn.json() as { csrf: string }).csrf;
    const search = await inject({ method: "GET", url: `/console/api/search?q=${phone}`, headers: { cookie } });
    expect((search.json() as { results: unknown[] }).results.length).toBeGreaterThan(0);
    await inject({ method: "GET", url: `/t/${ticket.number}-forgedmacforgedmacforgedmac000` });

    const log = lines.join("\n");
    expect(lines.length).toBeGreaterThan(10);
    for (const masked of ["token=[masked]", "sig=[masked]", "exp=[masked]", "q=[masked]", `/t/${ticket.number}-[masked]`]) {
      expect(log).toContain(masked);
    }
    const mac = page.split("-").slice(1).join("-");
    const sig = new URL(fileUrl, "http://x").searchParams.get("sig") ?? "";
    const secrets = {
      visitorToken: session.token,
      ticketMac: mac,
      fileSignature: sig,
      // The one exemption: the setup link itself is shown once as a banner (announce, stderr), never logged.
      setupToken,
      sessionCookie: cookie.split("=")[1] ?? "",
      csrf,
      password,
      phone,
      customerName: "Trần Văn Bảo",
      accessToken: ticket.accessToken,
    };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThan(5);
      expect(log.includes(secret), `${name} in the log`).toBe(false);
    }
  });
});
