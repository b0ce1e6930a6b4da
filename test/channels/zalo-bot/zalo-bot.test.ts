import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../../src/app.js";
import { parseEnv } from "../../../src/config/env.js";
import { startZaloBotStandin, type ZaloBotStandin } from "../../standins/zalo-bot-standin.js";
import { loadDefaultPolicy } from "../../support/default-policy.js";
import { FakeClock } from "../../support/fake-clock.js";
import { silentLogger } from "../../support/logger.js";
import { createTestDatabase } from "../../support/test-db.js";
import { until } from "../telegram/harness.js";

const SECRET = "zalo-bot-secret-1";
const CHAT = "c0ffee0123456789abcd";

let app: App | undefined;
let standin: ZaloBotStandin | undefined;
afterEach(async () => {
  await app?.stop();
  await standin?.close();
  app = undefined;
  standin = undefined;
});

async function botHarness(env: Record<string, string> = {}) {
  const clock = new FakeClock("2026-11-25T02:00:00Z");
  standin = await startZaloBotStandin({ clock });
  const parsed = parseEnv({
    ZALO_BOT_TOKEN: standin.token,
    ZALO_BOT_API_ROOT: standin.apiRoot,
    ZALO_BOT_WEBHOOK_SECRET: SECRET,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "hotro-zalo-bot-")),
    OUTBOUND_PACE: "off",
    ...env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const db = await createTestDatabase();
  app = await createApp(
    { env: parsed.env, policy: await loadDefaultPolicy(), db, clock, logger: silentLogger },
    { zaloBot: { pollTimeoutSeconds: 1 } },
  );
  const current = app;
  const bot = standin;
  const settle = async () => {
    await current.inbound.processDue();
    await current.delivery.deliverDue();
  };
  const post = async (body: unknown, headers: Record<string, string> = { "x-bot-api-secret-token": SECRET }) => {
    const response = await current.server.inject({ method: "POST", url: "/webhooks/zalo-bot", headers, payload: body as object });
    await settle();
    return response;
  };
  const say = (text: string) => post(bot.textUpdate(text));
  const texts = () => bot.sent(CHAT).flatMap((m) => (m.text ? [m.text] : []));
  const last = () => texts().at(-1) ?? "";
  return { app: current, db, clock, standin: bot, post, say, texts, last, settle };
}

describe("Zalo Bot through its webhook", () => {
  it("opens a request with numbered choices and typed answers, the typing indicator on while it works", async () => {
    const h = await botHarness();
    await h.say("/new");
    const categories = h.last();
    expect(categories).toContain("Quý khách cần hỗ trợ về vấn đề gì?");
    // No buttons on this platform: the choices are numbered lines.
    expect(categories).toMatch(/^1\. .+$/m);
    await h.say("1");
    expect(h.last()).toContain("Loại yêu cầu:");
    await h.say("Website công ty không vào được");
    await h.say("xong");
    // Decree 13/2023: consent before contact details, a numbered choice like the others.
    expect(h.last()).toMatch(/^1\. Đồng ý$/m);
    await h.say("1"); // consent
    expect(h.last()).toContain("họ tên");
    await h.say("Nguyễn Văn A");
    await h.say("0903123456");
    await h.say("1"); // skip the website
    await h.say("1"); // confirm
    expect(h.texts().join("\n")).toContain("Yêu cầu #1 đã được tiếp nhận");
    const ticket = await h.db.prisma.ticket.findFirstOrThrow();
    expect(ticket).toMatchObject({ channel: "zalo-bot", chatId: CHAT });
    expect(h.standin.callsTo("sendChatAction").length).toBeGreaterThan(0);

    // Withdrawing asks first, as numbered lines too; a typed "có" confirms.
    await h.say("/status");
    await h.say("1");
    expect(h.last()).toContain("Quý khách chắc chắn muốn hủy yêu cầu #1?");
    expect(h.last()).toMatch(/^1\. Có, hủy #1$/m);
    expect((await h.db.prisma.ticket.findFirstOrThrow()).status).toBe("ready");
    await h.say("có");
    expect(h.texts().join("\n")).toContain("Yêu cầu #1 đã được hủy theo đề nghị của quý khách.");
    expect((await h.db.prisma.ticket.findFirstOrThrow()).status).toBe("withdrawn");
  });

  it("answers the hours and the status list in English after /lang en", async () => {
    const h = await botHarness();
    await h.say("/lang en");
    await h.say("when are you open?");
    expect(h.last()).toContain("• Technical: on duty.");
    await h.say("/status");
    expect(h.last()).toContain("You have no requests yet.");
  });

  it("refuses a wrong or missing secret with 401 and stores nothing; reads bare and wrapped bodies; a duplicate once", async () => {
    const h = await botHarness();
    expect((await h.post(h.standin.textUpdate("hi"), { "x-bot-api-secret-token": "wrong-secret" })).statusCode).toBe(401);
    expect((await h.post(h.standin.textUpdate("hi"), {})).statusCode).toBe(401);
    expect(await h.db.prisma.inboundEvent.count()).toBe(0);
    const update = h.standin.textUpdate("giờ làm việc", { messageId: "same-1" });
    expect((await h.post(update)).statusCode).toBe(200);
    const after = h.texts().length;
    expect((await h.post({ ok: true, result: update })).statusCode).toBe(200);
    expect(h.texts().length).toBe(after);
    expect((await h.post({ ok: true, result: h.standin.textUpdate("gio lam viec") })).statusCode).toBe(200);
    expect(h.texts().length).toBeGreaterThan(after);
    expect((await h.post({ event_name: "message.text.received" })).statusCode).toBe(400);
  });
});

describe("Zalo Bot long polling", () => {
  it("polls again after a 408 and records the update that comes", async () => {
    const h = await botHarness({ ZALO_BOT_MODE: "polling" });
    await h.app.start();
    await until(() => h.standin.callsTo("getUpdates").length >= 2, "a second getUpdates after the first timed out", 10_000);
    h.standin.pushUpdate({ ok: true, result: h.standin.textUpdate("Mấy giờ bên bạn làm việc?") });
    // A first contact is also told, in a message of its own, how personal data is kept: wait for the answer itself.
    await until(() => h.texts().some((text) => text.includes("Phòng kỹ thuật")), "the answer to the polled update", 10_000);
    await until(() => h.texts().some((text) => text.includes("Thông báo xử lý dữ liệu cá nhân")), "the personal-data notice", 10_000);
    expect(h.standin.callsTo("deleteWebhook")).toHaveLength(1);
  });
});
