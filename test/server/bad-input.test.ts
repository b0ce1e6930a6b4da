import { afterEach, describe, expect, it } from "vitest";
import { telegramHarness } from "../channels/telegram/harness.js";
import { webchatHarness } from "../channels/webchat/harness.js";
import { blockActionsPayload } from "../fixtures/slack-payloads.js";
import { channels, slackHarness, users } from "../slack/harness.js";
import { webHarness } from "../web/web-harness.js";

/**
 * The bad input a probe of the running product found answered with a 5xx, retried for ever or
 * answered wrongly, one test each: every one is now a 4xx (or, for a platform that cannot be told,
 * cleaned and processed), and the server answers normally afterwards.
 */

const NUL = "\u0000";
const LONE_SURROGATE = "\uD800";
const RLO = "\u202E";
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.reverse()) await close();
  closers = [];
});

describe("web chat", () => {
  const harness = async () => {
    const h = await webchatHarness();
    closers.push(() => h.app.stop());
    return h;
  };

  it("a NUL or a lone surrogate in a message's text is a 400 (it used to be a 503, retried by the widget for ever); nothing is recorded", async () => {
    const h = await harness();
    const visitor = await h.session();
    for (const text of [`xin chào${NUL}`, `lỗi ${LONE_SURROGATE} tên miền`]) {
      const response = await h.message(visitor, { text });
      expect(response.statusCode, JSON.stringify(text)).toBe(400);
      expect(response.json()).toMatchObject({ ok: false, error: "invalid_request" });
    }
    expect(await h.app.inbound.pendingCount()).toBe(0);
    expect((await h.say(visitor, "xin chào")).statusCode).toBe(200);
  });

  it("after=2147483648 (beyond the feed's INT4 sequence) and a repeated token are 400s", async () => {
    const h = await harness();
    const v = await h.session();
    const tooBig = await h.app.server.inject({
      method: "GET",
      url: `/webchat/messages?visitorId=${v.visitorId}&token=${v.token}&after=2147483648`,
    });
    expect(tooBig.statusCode).toBe(400);
    const repeated = await h.app.server.inject({
      method: "GET",
      url: `/webchat/messages?visitorId=${v.visitorId}&token=${v.token}&token=${v.token}`,
    });
    expect(repeated.statusCode).toBe(400);
    const stream = await h.app.server.inject({
      method: "GET",
      url: `/webchat/stream?visitorId=${v.visitorId}&token=${v.token}&after=99999999999`,
    });
    expect(stream.statusCode).toBe(400);
    expect((await h.poll(v, 2147483647)).length).toBe(0);
  });

  it("a rating button with an impossible ticket number (rate:999999999999:5) is answered as a stale button, processed once, never retried", async () => {
    const h = await harness();
    const v = await h.session();
    expect((await h.press(v, "rate:999999999999:5")).statusCode).toBe(200);
    expect(await h.app.inbound.pendingCount()).toBe(0);
    const failed = await h.db.prisma.inboundEvent.count({ where: { failedAt: { not: null } } });
    expect(failed).toBe(0);
    expect((await h.fresh(v)).length).toBeGreaterThan(0);
  });

  it("a JSON object where the text is expected is a 400", async () => {
    const h = await harness();
    const v = await h.session();
    const response = await h.post({ ...v, clientMessageId: "c1", text: { toString: "x" } });
    expect(response.statusCode).toBe(400);
  });
});

describe("console and ticket page", () => {
  const harness = async () => {
    const h = await webHarness();
    closers.push(() => h.close());
    await h.staff("lan", ["sales"]);
    await h.staff("hoa", ["customer_care"]);
    return h;
  };

  it("NUL and lone surrogates in sign-in, replies, notes and search are 400s, never 500s", async () => {
    const h = await harness();
    const signIn = await h.app.server.inject({
      method: "POST",
      url: "/console/api/sign-in",
      payload: { login: `lan${NUL}`, password: "x" },
    });
    expect(signIn.statusCode).toBe(400);
    const surrogate = await h.app.server.inject({
      method: "POST",
      url: "/console/api/sign-in",
      payload: { login: `lan${LONE_SURROGATE}`, password: "x" },
    });
    expect(surrogate.statusCode).toBe(400);
    const ticket = await h.openRequest();
    const lan = h.as(await h.signIn("lan"));
    expect((await lan.post(`/console/api/tickets/${ticket.id}/claim`)).statusCode).toBe(200);
    expect((await lan.post(`/console/api/tickets/${ticket.id}/reply`, { text: `Chào anh${NUL}` })).statusCode).toBe(400);
    expect((await lan.post(`/console/api/tickets/${ticket.id}/note`, { text: `ghi chú ${LONE_SURROGATE}` })).statusCode).toBe(400);
    expect((await lan.get(`/console/api/search?q=abc%00`)).statusCode).toBe(400);
    expect((await lan.get(`/console/api/tickets/${encodeURIComponent(`${ticket.id}${NUL}`)}`)).statusCode).toBe(400);
    expect((await lan.post(`/console/api/tickets/${ticket.id}/note`, { text: "ghi chú" })).statusCode).toBe(200);
  });

  it("repeated query values (department=a&department=b, token=a&token=b) and an object where a string is expected are 400s", async () => {
    const h = await harness();
    const hoa = h.as(await h.signIn("hoa"));
    expect((await hoa.get("/console/api/staff?department=sales&department=technical")).statusCode).toBe(400);
    expect((await h.app.server.inject({ method: "GET", url: "/console/api/setup?token=a&token=b" })).statusCode).toBe(400);
    const setup = await h.app.server.inject({ method: "POST", url: "/console/api/setup", payload: { token: { $gt: "" }, login: "x" } });
    expect(setup.statusCode).toBe(400);
    const ticket = await h.openRequest();
    const lan = h.as(await h.signIn("lan"));
    await lan.post(`/console/api/tickets/${ticket.id}/claim`);
    const reply = await lan.post(`/console/api/tickets/${ticket.id}/reply`, { text: { a: 1 } });
    expect(reply.statusCode).toBe(400);
    expect((await hoa.get("/console/api/staff?department=sales")).statusCode).toBe(200);
  });

  it("a console reply over 10,000 characters says too long, not empty", async () => {
    const h = await harness();
    const ticket = await h.openRequest();
    const lan = h.as(await h.signIn("lan"));
    await lan.post(`/console/api/tickets/${ticket.id}/claim`);
    const response = await lan.post(`/console/api/tickets/${ticket.id}/reply`, { text: `Kính gửi Quý khách, ${"a".repeat(10_001)}` });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ ok: false, error: "too_long" });
    expect(JSON.stringify(response.json())).not.toContain("empty");
  });

  it("/console/api/me, which carries the CSRF token, is never cached", async () => {
    const h = await harness();
    const me = await h.as(await h.signIn("lan")).get("/console/api/me");
    expect(me.statusCode).toBe(200);
    expect(me.headers["cache-control"]).toBe("no-store");
  });

  it("a right-to-left override in a customer's text does not reach staff in the console", async () => {
    const h = await harness();
    const ticket = await h.openRequest(`Tệp gửi kèm: hoa-don-${RLO}fdp.exe`, { name: `Khách ${RLO}cba` });
    const lan = h.as(await h.signIn("lan"));
    const view = await lan.get(`/console/api/tickets/${ticket.id}`);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain("hoa-don-fdp.exe");
    expect(view.body).not.toMatch(BIDI);
    expect((await lan.get("/console/api/queue")).body).not.toMatch(BIDI);
  });

  it("the ticket page: a NUL in an answer and an object where the text is expected are 400s", async () => {
    const h = await harness();
    const ticket = await h.openRequest();
    const link = (await h.app.tickets.linkedTicket(ticket.number)) ?? undefined;
    expect(link).toBeDefined();
    const { signedTicketId } = await import("../../src/web/ticket-links.js");
    const { loadAppSecret } = await import("../../src/config/app-secret.js");
    const path = `/t/${signedTicketId(loadAppSecret(h.env), { number: ticket.number, accessToken: link?.accessToken ?? "" })}`;
    const form = (text: string) =>
      h.app.server.inject({
        method: "POST",
        url: `${path}/answer`,
        payload: `text=${encodeURIComponent(text)}`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    expect((await form(`thêm thông tin${NUL}`)).statusCode).toBe(400);
    const json = await h.app.server.inject({ method: "POST", url: `${path}/answer`, payload: { text: { a: 1 } } });
    expect(json.statusCode).toBe(400);
    expect((await form("thêm thông tin")).statusCode).toBe(303);
    expect((await h.app.server.inject({ method: "GET", url: path })).statusCode).toBe(200);
  });
});

describe("Slack", () => {
  it("a signed block_actions payload without team is a 400, not a 500; the same press with its team works", async () => {
    const h = await slackHarness();
    closers.push(() => h.close());
    const ticket = await h.open("price_quote");
    const payload = blockActionsPayload({
      userId: users.lan,
      actionId: "ticket_claim",
      value: ticket.id,
      channelId: channels.sales,
    }) as unknown as Record<string, unknown>;
    const { team: _team, ...withoutTeam } = payload;
    const { user, ...rest } = withoutTeam as { user: Record<string, unknown> };
    const { team_id: _teamId, ...userWithoutTeam } = user;
    const refused = await h.send(
      `payload=${encodeURIComponent(JSON.stringify({ ...rest, user: userWithoutTeam }))}`,
      "application/x-www-form-urlencoded",
    );
    expect(refused.statusCode).toBe(400);
    const accepted = await h.send(`payload=${encodeURIComponent(JSON.stringify(payload))}`, "application/x-www-form-urlencoded");
    expect(accepted.statusCode).toBe(200);
  });

  it("a right-to-left override in a customer's description is not on the card staff read", async () => {
    const h = await slackHarness();
    closers.push(() => h.close());
    const ticket = await h.open("price_quote", { description: `Tên miền ${RLO}nv.moc.ynapmoc không chạy` });
    await h.deliver();
    const card = await h.card(ticket.id, channels.sales);
    expect(card).toBeDefined();
    expect(JSON.stringify(card?.blocks)).toContain("nv.moc.ynapmoc");
    expect(JSON.stringify(card)).not.toMatch(BIDI);
  });
});

describe("Telegram", () => {
  it("a NUL in a customer's text is removed, the update recorded and answered (it used to be a 503, retried by Telegram for ever)", async () => {
    const h = await telegramHarness();
    closers.push(async () => {
      await h.standin.close();
      await h.app.stop();
    });
    const response = await h.say(`/start${NUL}`);
    expect(response.statusCode).toBe(200);
    expect(await h.app.inbound.pendingCount()).toBe(0);
    expect(h.texts().length).toBeGreaterThan(0);
  });

  it("a rating button with an impossible ticket number is processed once, never retried", async () => {
    const h = await telegramHarness();
    closers.push(async () => {
      await h.standin.close();
      await h.app.stop();
    });
    expect((await h.press("rate:999999999999:5")).statusCode).toBe(200);
    expect(await h.app.inbound.pendingCount()).toBe(0);
    expect(await h.db.prisma.inboundEvent.count({ where: { failedAt: { not: null } } })).toBe(0);
  });
});
