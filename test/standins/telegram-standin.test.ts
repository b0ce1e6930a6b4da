import { Bot, GrammyError, HttpError, InputFile } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callbackUpdate } from "../fixtures/telegram-updates.js";
import { startTelegramStandin, type TelegramStandin } from "./telegram-standin.js";

const NOW = new Date("2026-11-25T03:00:00Z");
const NOW_SECONDS = NOW.getTime() / 1000;

let standin: TelegramStandin;
beforeEach(async () => {
  standin = await startTelegramStandin({ clock: { now: () => NOW } });
});
afterEach(() => standin.close());

/** A grammY bot pointed at the stand-in; botInfo skips getMe unless a test wants it. */
const botFor = (target: TelegramStandin, withBotInfo = true) =>
  new Bot(target.token, { client: { apiRoot: target.apiRoot }, ...(withBotInfo ? { botInfo: target.botInfo } : {}) });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected the call to fail"),
    (error: unknown) => error,
  );
}

describe("Telegram stand-in: Bot API basics", () => {
  it("answers getMe with the bot behind the token, as bot.init() needs", async () => {
    const bot = botFor(standin, false);
    await bot.init();
    expect(bot.botInfo).toMatchObject({ id: 7000000001, is_bot: true, username: "support_test_bot" });
    expect(standin.calls.map((call) => call.method)).toEqual(["getMe"]);
  });

  it("rejects a wrong token with 401 Unauthorized", async () => {
    const bot = new Bot("7000000001:wrong", { client: { apiRoot: standin.apiRoot } });
    const error = await rejection(bot.api.getMe());
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 401, description: "Unauthorized" });
  });

  it("answers an unknown method with 404 Not Found, exactly like Telegram", async () => {
    const response = await fetch(`${standin.apiRoot}/bot${standin.token}/sendTelepathy`, { method: "POST" });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ok: false, error_code: 404, description: "Not Found" });
  });

  it("accepts form-encoded bodies and case-insensitive method names", async () => {
    const response = await fetch(`${standin.apiRoot}/bot${standin.token}/SENDMESSAGE`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        chat_id: "42",
        text: "xin chào",
        reply_markup: '{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}',
      }),
    });
    const body = (await response.json()) as { result: { reply_markup: unknown } };
    expect(body).toMatchObject({ ok: true, result: { message_id: 1, chat: { id: 42 }, text: "xin chào" } });
    expect(body.result.reply_markup).toEqual({ inline_keyboard: [[{ text: "A", callback_data: "a" }]] });
    expect(standin.calls[0]?.method).toBe("sendMessage");
  });
});

describe("Telegram stand-in: messages", () => {
  it("sends messages with ids counting up per chat and the clock's date", async () => {
    const bot = botFor(standin);
    const first = await bot.api.sendMessage(42, "Chào bạn");
    const second = await bot.api.sendMessage(42, "Bạn cần hỗ trợ gì?");
    const elsewhere = await bot.api.sendMessage(-1001234567890, "Nhóm");
    expect([first.message_id, second.message_id, elsewhere.message_id]).toEqual([1, 2, 1]);
    expect(first).toMatchObject({ chat: { id: 42, type: "private" }, date: NOW_SECONDS, text: "Chào bạn", from: { id: 7000000001 } });
    expect(elsewhere.chat.type).toBe("supergroup");
    expect(standin.sentMessages(42).map((message) => message.text)).toEqual(["Chào bạn", "Bạn cần hỗ trợ gì?"]);
    expect(standin.sentMessages()).toHaveLength(3);
    expect(standin.calls[0]?.params).toEqual({ chat_id: 42, text: "Chào bạn" });
  });

  it("echoes an inline keyboard and rejects callback_data over 64 bytes (UTF-8, not characters)", async () => {
    const bot = botFor(standin);
    const keyboard = { inline_keyboard: [[{ text: "Thanh toán", callback_data: "cat:billing" }]] };
    const sent = await bot.api.sendMessage(42, "Chọn mục", { reply_markup: keyboard });
    expect(sent.reply_markup).toEqual(keyboard);

    const fits = "đ".repeat(32); // 64 bytes
    await expect(
      bot.api.sendMessage(42, "ok", { reply_markup: { inline_keyboard: [[{ text: "x", callback_data: fits }]] } }),
    ).resolves.toBeDefined();
    const tooLong = "đ".repeat(33); // 33 characters, 66 bytes
    const error = await rejection(
      bot.api.sendMessage(42, "x", { reply_markup: { inline_keyboard: [[{ text: "x", callback_data: tooLong }]] } }),
    );
    expect(error).toMatchObject({ error_code: 400, description: "Bad Request: BUTTON_DATA_INVALID" });
  });

  it("validates text like Telegram: empty, blank and over 4096 characters", async () => {
    const bot = botFor(standin);
    for (const text of ["", "   \n"]) {
      expect(await rejection(bot.api.sendMessage(42, text))).toMatchObject({
        error_code: 400,
        description: "Bad Request: message text is empty",
      });
    }
    await expect(bot.api.sendMessage(42, "a".repeat(4096))).resolves.toMatchObject({ message_id: 1 });
    expect(await rejection(bot.api.sendMessage(42, "a".repeat(4097)))).toMatchObject({
      error_code: 400,
      description: "Bad Request: message is too long",
    });
    expect(standin.calls.map((call) => call.status)).toEqual([400, 400, 200, 400]);
  });

  it("edits text and keyboards, refusing unchanged content and unknown messages", async () => {
    const bot = botFor(standin);
    const keyboard = { inline_keyboard: [[{ text: "Nhận", callback_data: "claim" }]] };
    const sent = await bot.api.sendMessage(42, "Phiếu #42", { reply_markup: keyboard });
    const edited = await bot.api.editMessageText(42, sent.message_id, "Phiếu #42 (đã nhận)", { reply_markup: keyboard });
    expect(edited).toMatchObject({ text: "Phiếu #42 (đã nhận)", edit_date: NOW_SECONDS, reply_markup: keyboard });

    expect(await rejection(bot.api.editMessageText(42, sent.message_id, "Phiếu #42 (đã nhận)", { reply_markup: keyboard }))).toMatchObject({
      description: expect.stringMatching(/^Bad Request: message is not modified/),
    });
    await bot.api.editMessageReplyMarkup(42, sent.message_id);
    expect(standin.sentMessages(42)[0]).not.toHaveProperty("reply_markup");
    expect(await rejection(bot.api.editMessageText(42, 999, "x"))).toMatchObject({ description: "Bad Request: message to edit not found" });
  });

  it("lets the bot answer a pushed callback query and edit the keyboard message it carries", async () => {
    const bot = botFor(standin);
    bot.callbackQuery(/^cat:/, async (ctx) => {
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(`Category: ${ctx.callbackQuery.data.slice(4)}`);
    });
    const update = callbackUpdate({ chatId: 111111111, data: "cat:billing", messageId: 1367 });
    standin.pushUpdate(update);
    await bot.handleUpdate(update);
    expect(standin.calls.map((call) => [call.method, call.status])).toEqual([
      ["answerCallbackQuery", 200],
      ["editMessageText", 200],
    ]);
    expect(standin.callsTo("editMessageText")[0]?.params).toEqual({ chat_id: 111111111, message_id: 1367, text: "Category: billing" });
    expect(await rejection(bot.api.answerCallbackQuery(update.callback_query?.id ?? ""))).toMatchObject({
      description: "Bad Request: query is too old and response timeout expired or query ID is invalid",
    });
    // The next bot message in that chat continues after the ids Telegram already used there.
    expect((await bot.api.sendMessage(111111111, "next")).message_id).toBe(1368);
  });

  it("records setMyCommands per language and answers getMyCommands", async () => {
    const bot = botFor(standin);
    await bot.api.setMyCommands([{ command: "start", description: "Bắt đầu" }], { language_code: "vi" });
    await bot.api.setMyCommands([{ command: "start", description: "Start" }], { language_code: "en" });
    expect(await bot.api.getMyCommands({ language_code: "vi" })).toEqual([{ command: "start", description: "Bắt đầu" }]);
    expect(await bot.api.getMyCommands()).toEqual([]);
    expect(standin.commands("en")).toEqual([{ command: "start", description: "Start" }]);
    expect(await rejection(bot.api.setMyCommands([{ command: "Start", description: "x" }]))).toMatchObject({
      description: "Bad Request: BOT_COMMAND_INVALID",
    });
  });

  it("accepts known chat actions only", async () => {
    const bot = botFor(standin);
    await expect(bot.api.sendChatAction(42, "typing")).resolves.toBe(true);
    const raw = await fetch(`${standin.apiRoot}/bot${standin.token}/sendChatAction`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: 42, action: "dancing" }),
    });
    expect(await raw.json()).toEqual({ ok: false, error_code: 400, description: "Bad Request: wrong parameter action in request" });
  });
});

describe("Telegram stand-in: files", () => {
  it("serves getFile and the download URL for added files", async () => {
    const bot = botFor(standin);
    standin.addFile("BQAC-invoice", Buffer.from("%PDF-1.7 hóa đơn"), "documents/hoa-don.pdf");
    const file = await bot.api.getFile("BQAC-invoice");
    expect(file).toEqual({
      file_id: "BQAC-invoice",
      file_unique_id: "unique-BQAC-invoice",
      file_size: 19,
      file_path: "documents/hoa-don.pdf",
    });
    const download = await fetch(`${standin.apiRoot}/file/bot${standin.token}/${file.file_path}`);
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe("%PDF-1.7 hóa đơn");
    expect(await rejection(bot.api.getFile("nope"))).toMatchObject({ description: "Bad Request: invalid file_id" });
    expect((await fetch(`${standin.apiRoot}/file/bot${standin.token}/documents/missing.pdf`)).status).toBe(404);
  });

  it("takes grammY's multipart uploads and makes the uploaded bytes downloadable", async () => {
    const bot = botFor(standin);
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x0d, 0x0a, 0x2d, 0x2d]); // JPEG magic, CRLF and "--" inside
    const sent = await bot.api.sendPhoto(42, new InputFile(bytes, "anh.jpg"), { caption: "Ảnh lỗi" });
    const [call] = standin.callsTo("sendPhoto");
    expect(call?.params).toMatchObject({ chat_id: "42", caption: "Ảnh lỗi", photo: expect.stringMatching(/^attach:\/\//) });
    expect(Object.values(call?.files ?? {}).map((file) => file.filename)).toEqual(["anh.jpg"]);
    expect(sent.caption).toBe("Ảnh lỗi");

    const photoId = sent.photo?.at(-1)?.file_id ?? "";
    const file = await bot.api.getFile(photoId);
    const download = await fetch(`${standin.apiRoot}/file/bot${standin.token}/${file.file_path}`);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);

    const document = await bot.api.sendDocument(42, photoId);
    expect(document.document?.file_id).toBe(photoId);
  });
});

describe("Telegram stand-in: faults", () => {
  it("answers 429 with retry_after once, then succeeds", async () => {
    const bot = botFor(standin);
    standin.fail("sendMessage", { kind: "429", retryAfter: 2 });
    const error = await rejection(bot.api.sendMessage(42, "a"));
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 429, description: "Too Many Requests: retry after 2", parameters: { retry_after: 2 } });
    await expect(bot.api.sendMessage(42, "a")).resolves.toMatchObject({ message_id: 1 });
    expect(standin.callsTo("sendMessage").map((call) => [call.status, call.fault])).toEqual([
      [429, "429"],
      [200, undefined],
    ]);
  });

  it("answers 500 and 403 with Telegram's descriptions, as many times as asked", async () => {
    const bot = botFor(standin);
    standin.fail("sendMessage", { kind: "500" }, 2);
    standin.fail("sendChatAction", { kind: "403" });
    for (let i = 0; i < 2; i++) {
      expect(await rejection(bot.api.sendMessage(42, "a"))).toMatchObject({ error_code: 500, description: "Internal Server Error" });
    }
    expect(await rejection(bot.api.sendChatAction(42, "typing"))).toMatchObject({
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
    await expect(bot.api.sendMessage(42, "a")).resolves.toBeDefined();
  });

  it("turns malformed answers and dropped connections into grammY HttpErrors", async () => {
    const bot = botFor(standin);
    standin.fail("sendMessage", { kind: "malformed" });
    standin.fail("sendMessage", { kind: "disconnect" });
    expect(await rejection(bot.api.sendMessage(42, "a"))).toBeInstanceOf(HttpError);
    expect(await rejection(bot.api.sendMessage(42, "a"))).toBeInstanceOf(HttpError);
  });

  it("delays a slow answer, then answers normally", async () => {
    standin.fail("getMe", { kind: "slow", ms: 300 });
    const started = Date.now();
    await expect(botFor(standin).api.getMe()).resolves.toMatchObject({ id: 7000000001 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("refuses faults for methods it does not know (catches typos)", () => {
    expect(() => standin.fail("sendMesage", { kind: "500" })).toThrow(/no method sendMesage/);
  });
});
