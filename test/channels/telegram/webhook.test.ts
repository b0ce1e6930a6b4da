import { afterEach, describe, expect, it } from "vitest";
import { editedMessageUpdate, groupMessageUpdate, stickerUpdate, textUpdate } from "../../fixtures/telegram-updates.js";
import { recordingLogger } from "../../support/logger.js";
import { SECRET, type TelegramHarness, telegramHarness } from "./harness.js";

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

describe("POST /webhooks/telegram", () => {
  it("stores the same update once and answers it once", async () => {
    h = await telegramHarness();
    const update = textUpdate({ text: "/start", updateId: 42 });
    expect((await h.post(update)).statusCode).toBe(200);
    expect((await h.post(update)).statusCode).toBe(200);
    expect(await h.db.prisma.inboundEvent.count()).toBe(1);
    expect(h.texts().filter((t) => t.startsWith("Xin chào"))).toHaveLength(1);
  });

  it("answers 400 with a log line for a malformed update, never 5xx", async () => {
    const logger = recordingLogger();
    h = await telegramHarness({ logger });
    const headers = { "x-telegram-bot-api-secret-token": SECRET, "content-type": "application/json" };
    for (const payload of ['{"message":{"text":"hi"}}', '{"update_id":"x"}', "[1,2]", '{"update_id":1,"message":{"chat":{}}}']) {
      const response = await h.app.server.inject({ method: "POST", url: "/webhooks/telegram", headers, payload });
      expect(response.statusCode, payload).toBe(400);
    }
    const broken = await h.app.server.inject({ method: "POST", url: "/webhooks/telegram", headers, payload: "{not json" });
    expect(broken.statusCode).toBe(400);
    expect(logger.lines.filter((l) => l.msg === "telegram webhook refused: malformed update")).toHaveLength(4);
    expect(await h.db.prisma.inboundEvent.count()).toBe(0);
  });

  it("answers 401 with a log line for a missing or wrong secret", async () => {
    const logger = recordingLogger();
    h = await telegramHarness({ logger });
    const update = textUpdate({ text: "/start", updateId: 7 });
    expect((await h.post(update, {})).statusCode).toBe(401);
    expect((await h.post(update, { "x-telegram-bot-api-secret-token": "wrong" })).statusCode).toBe(401);
    expect(logger.lines.filter((l) => l.msg === "telegram webhook refused: wrong secret")).toHaveLength(2);
    expect(await h.db.prisma.inboundEvent.count()).toBe(0);
  });

  it("delivers after Telegram's retry_after when sendMessage answers 429 (fake clock)", async () => {
    h = await telegramHarness();
    h.standin.fail("sendMessage", { kind: "429", retryAfter: 5 }, 1);
    await h.say("/help");
    expect(h.texts()).toEqual([]);
    // The first row to the chat (the first contact's personal-data notice) took the 429.
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ orderBy: { seq: "asc" } });
    expect(row.nextAttemptAt.getTime() - h.clock.now().getTime()).toBe(5000);
    h.clock.advance(4000);
    await h.settle();
    expect(h.texts()).toEqual([]);
    h.clock.advance(1000);
    await h.settle();
    expect(h.last()).toBe("Quý khách muốn xem hướng dẫn nào?");
    expect((await h.db.prisma.outboxMessage.findFirstOrThrow({ orderBy: { seq: "asc" } })).status).toBe("sent");
  });

  it("marks a message to a user who blocked the bot as failed (403 is permanent)", async () => {
    h = await telegramHarness();
    h.standin.fail("sendMessage", { kind: "403" }, 1);
    await h.say("/help");
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ orderBy: { seq: "asc" } });
    expect(row.status).toBe("failed");
  });

  it("answers every button press in the webhook's 200 (answerCallbackQuery), even an unknown one, and says it expired", async () => {
    h = await telegramHarness();
    const response = await h.press("zzz:unknown");
    expect(response.json()).toEqual({ method: "answerCallbackQuery", callback_query_id: "q1" });
    expect(h.standin.callsTo("answerCallbackQuery")).toHaveLength(1);
    expect(h.texts()[1]).toBe("Lựa chọn này đã hết hiệu lực. Quý khách vui lòng chọn lại từ menu.");
  });

  it("refuses group chats politely, and answers stickers and edits without crashing", async () => {
    h = await telegramHarness();
    await h.post(groupMessageUpdate({ text: "/start", updateId: 1, chatId: -100555 }));
    expect(h.last(-100555)).toBe("Xin lỗi, chúng tôi chỉ hỗ trợ trong cuộc trò chuyện riêng. Quý khách vui lòng nhắn trực tiếp cho bot.");
    await h.post(stickerUpdate({ updateId: 2 }));
    expect(h.last()).toContain("chỉ xử lý được tin nhắn văn bản");
    await h.post(editedMessageUpdate({ text: "sửa", updateId: 3 }));
    expect(h.last()).toContain("không nhận được nội dung sửa lại");
    expect(await h.db.prisma.inboundEvent.count({ where: { processedAt: { not: null } } })).toBe(3);
    expect(await h.db.prisma.customer.count()).toBe(1);
  });

  it("slows a flooding customer once per window and still records every message", async () => {
    h = await telegramHarness();
    await h.press("menu:new");
    await h.press("cat:other");
    for (let i = 1; i <= 21; i++) await h.say(`dòng ${i}`);
    const slow = h.texts().filter((t) => t.includes("gửi tin nhắn hơi nhanh"));
    expect(slow).toHaveLength(1);
    await h.say("dòng 22");
    expect(h.texts().filter((t) => t.includes("gửi tin nhắn hơi nhanh"))).toHaveLength(1);
    await h.say("xong");
    await h.press("in:consent_yes");
    await h.say("An Nguyễn");
    await h.say("0903123456");
    await h.press("in:skip");
    await h.press("in:confirm");
    const ticket = await h.db.prisma.ticket.findFirstOrThrow();
    expect(ticket.description.split("\n\n")).toHaveLength(22);
  });
});

describe("Telegram channel start", () => {
  it("registers the commands in Vietnamese and English and the webhook with its secret", async () => {
    h = await telegramHarness({ env: { PUBLIC_URL: "https://hotro.example.vn/" } });
    await h.app.start();
    expect(h.standin.commands("vi")?.map((c) => c.command)).toEqual(["start", "help", "new", "status", "lang"]);
    expect(h.standin.commands("en")?.[1]).toEqual({ command: "help", description: "Guides and support terms" });
    expect(h.standin.commands()?.[0]?.description).toBe("Bắt đầu, menu chính");
    expect(h.standin.webhook()).toMatchObject({ url: "https://hotro.example.vn/webhooks/telegram", secretToken: SECRET });
  });

  it("polls getUpdates in polling mode and records each update in the inbound log", async () => {
    h = await telegramHarness({ env: { TELEGRAM_MODE: "polling" } });
    h.standin.pushUpdate(textUpdate({ text: "/start", updateId: 77 }));
    await h.app.start();
    for (let i = 0; i < 50 && (await h.db.prisma.inboundEvent.count()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await h.db.prisma.inboundEvent.findMany({ select: { dedupKey: true, source: true } })).toEqual([
      { dedupKey: "77", source: "telegram" },
    ]);
    expect(h.standin.callsTo("deleteWebhook")).toHaveLength(1);
  });
});
