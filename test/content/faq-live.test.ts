import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.js";
import { parseEnv } from "../../src/config/env.js";
import { createContentService } from "../../src/content/index.js";
import type { Database } from "../../src/db/database.js";
import type { Signals } from "../../src/db/signals.js";
import { type TelegramHarness, telegramHarness, until } from "../channels/telegram/harness.js";
import { loadDefaultPolicy } from "../support/default-policy.js";
import { silentLogger } from "../support/logger.js";
import { openSecondInstance } from "../support/test-db.js";
import { careAdmin } from "./care-admin.js";

const entry = {
  id: "zalo_oa_link",
  question: { vi: "Làm sao liên kết Zalo OA với website?", en: "How do I link a Zalo OA to my website?" },
  variants: ["gắn zalo official account vào web"],
  answer: {
    vi: "Vào Cài đặt > Tích hợp > Zalo OA, dán mã OA rồi bấm Lưu.",
    en: "Open Settings > Integrations > Zalo OA, paste the OA id and press Save.",
  },
  keywords: ["zalo oa"],
  link: "https://docs.example.vn/zalo-oa",
};

/**
 * An FAQ entry added in the console answers customers at once: on Telegram (this instance) and on the
 * web chat of another instance on the same PostgreSQL database (told by a signal). With PGlite
 * there is one instance: the web chat of the same app.
 */
describe("FAQ edited live in the console", () => {
  let h: TelegramHarness;
  let second: { app: App; db: Database } | undefined;
  afterEach(async () => {
    await second?.app.stop();
    second = undefined;
    await h.app.stop();
  });

  async function webchatSays(app: App, text: string): Promise<string> {
    const session = await app.server.inject({ method: "POST", url: "/webchat/session", payload: {} });
    const { visitorId, token } = session.json() as { visitorId: string; token: string };
    const visitor = { visitorId, token };
    const sent = await app.server.inject({
      method: "POST",
      url: "/webchat/messages",
      payload: { ...visitor, clientMessageId: "m1", language: "vi", text },
    });
    expect(sent.statusCode).toBe(200);
    await app.inbound.processDue();
    await app.delivery.deliverDue();
    const query = new URLSearchParams({ visitorId: visitor.visitorId, token: visitor.token });
    const feed = await app.server.inject({ method: "GET", url: `/webchat/messages?${query}` });
    return (feed.json() as { messages: { text: string }[] }).messages.map((m) => m.text).join("\n");
  }

  it("answers on Telegram and on the web chat, on every instance, as soon as it is saved", { timeout: 120_000 }, async () => {
    h = await telegramHarness();
    let webchatApp = h.app;
    if (h.db.kind === "postgres") {
      const db = await openSecondInstance(h.db);
      const parsed = parseEnv({ DATA_DIR: mkdtempSync(path.join(tmpdir(), "hotro-content-")), APP_SECRET: "w".repeat(40) });
      if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
      const app = await createApp({ env: parsed.env, policy: await loadDefaultPolicy(), db, clock: h.clock, logger: silentLogger });
      second = { app, db };
      webchatApp = app;
    }
    const question = "liên kết zalo oa thế nào";
    await h.say(question);
    expect(h.since()).not.toContain(entry.answer.vi);

    const admin = await careAdmin(h.app);
    const saved = await admin.post("/console/api/content/faq", entry);
    expect(saved.json()).toEqual({ ok: true, action: "created" });
    if (second) {
      const other = second.app;
      await until(() => other.content.current().faq.some((f) => f.id === entry.id), "the other instance to read the new entry");
    }

    await h.say(question);
    const onTelegram = h.since();
    expect(onTelegram).toContain(entry.answer.vi);
    expect(onTelegram).toContain(entry.link);
    const onWebchat = await webchatSays(webchatApp, "gắn zalo official account vào web được không");
    expect(onWebchat).toContain(entry.answer.vi);

    // Recorded: who added what, and when.
    const change = await h.db.prisma.contentChange.findFirstOrThrow({ where: { kind: "faq", itemId: entry.id } });
    expect(change).toMatchObject({ action: "created", changedBy: admin.staffId, at: h.clock.now() });
  });

  it("an instance that missed the signal of an edit catches up at its next look: its FAQ index answers the edited entry", async () => {
    h = await telegramHarness();
    const admin = await careAdmin(h.app);
    expect((await admin.post("/console/api/content/faq", entry)).statusCode).toBe(200);
    const question = "liên kết zalo oa thế nào";
    await h.say(question);
    expect(h.since()).toContain(entry.answer.vi);

    // Another instance edits the answer, and its signal never arrives (this one's listening connection was down).
    const deaf: Signals = { publish: async () => undefined, subscribe: () => () => undefined, close: async () => undefined };
    const elsewhere = createContentService({ db: { ...h.db, signals: deaf }, policy: h.app.policy, clock: h.clock, logger: silentLogger });
    const edited = {
      vi: "Vào Cài đặt > Kênh > Zalo OA, bấm Kết nối và đăng nhập bằng tài khoản quản trị OA.",
      en: "Settings > Channels > Zalo OA > Connect.",
    };
    expect(await elsewhere.saveFaq(admin.staffId, { ...entry, answer: edited, enabled: true })).toBe("updated");
    await h.say(question);
    expect(h.since()).not.toContain(edited.vi);

    // The periodic look sees the record of changes moved, reads the tables again, and the index is rebuilt.
    await h.app.content.refreshIfChanged();
    await h.say(question);
    const answer = h.since();
    expect(answer).toContain(edited.vi);
    expect(answer).not.toContain(entry.answer.vi);
    // Nothing changed since: the content (and so the index built from it) is kept as it is.
    const before = h.app.content.current();
    await h.app.content.refreshIfChanged();
    expect(h.app.content.current()).toBe(before);
  });

  it("a disabled entry answers no more; bad input is refused with the field's path", async () => {
    h = await telegramHarness();
    const admin = await careAdmin(h.app);
    expect((await admin.post("/console/api/content/faq", entry)).statusCode).toBe(200);
    await h.say("liên kết zalo oa thế nào");
    expect(h.since()).toContain(entry.answer.vi);

    expect((await admin.post("/console/api/content/faq", { ...entry, enabled: false })).json()).toEqual({ ok: true, action: "updated" });
    await h.say("liên kết zalo oa thế nào");
    expect(h.since()).not.toContain(entry.answer.vi);

    const bad = await admin.post("/console/api/content/faq", { ...entry, answer: { vi: "" } });
    expect(bad.statusCode).toBe(422);
    expect(JSON.stringify(bad.json())).toContain("answer.vi");
    expect(JSON.stringify(bad.json())).toContain("answer.en");
  });

  it("seeds the tables from the policy file when they are empty, and only Customer care may edit", async () => {
    h = await telegramHarness();
    const seeded = await h.db.prisma.faqEntry.findMany();
    expect(seeded.map((f) => f.id).sort()).toEqual(h.policy.faq.map((f) => f.id).sort());
    expect(await h.db.prisma.cannedReply.count()).toBe(h.policy.replies.canned.length);

    const { addStaffAccount } = await import("../../src/web/staff-accounts.js");
    await addStaffAccount(h.app.tickets, h.policy, {
      login: "lan",
      name: "Lan",
      departments: ["sales"],
      password: "correct horse battery",
    });
    const signIn = await h.app.server.inject({
      method: "POST",
      url: "/console/api/sign-in",
      payload: { login: "lan", password: "correct horse battery" },
    });
    const { csrf } = signIn.json() as { csrf: string };
    const cookie = String(signIn.headers["set-cookie"]).split(";")[0] ?? "";
    const refused = await h.app.server.inject({
      method: "POST",
      url: "/console/api/content/faq",
      payload: entry,
      headers: { cookie, "x-csrf-token": csrf },
    });
    expect(refused.statusCode).toBe(403);
    expect(await h.db.prisma.faqEntry.findUnique({ where: { id: entry.id } })).toBeNull();
  });

  it("a help text edited in the console is what the bot's help shows next", async () => {
    h = await telegramHarness();
    const admin = await careAdmin(h.app);
    const terms = { vi: "Điều khoản mới: hỗ trợ qua văn bản, trong giờ làm việc.", en: "New terms: written support, in working hours." };
    expect((await admin.post("/console/api/content/help", { key: "terms", text: terms })).json()).toEqual({ ok: true });
    await h.press("help:terms");
    expect(h.since()).toContain(terms.vi);
    expect((await admin.post("/console/api/content/help", { key: "privacy", text: terms })).statusCode).toBe(422);
  });
});
