import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Bot, webhookCallback } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { textUpdate } from "../fixtures/telegram-updates.js";
import { startTelegramStandin, type TelegramStandin } from "./telegram-standin.js";

let standin: TelegramStandin;
beforeEach(async () => {
  standin = await startTelegramStandin();
});
afterEach(() => standin.close());

const botFor = (target: TelegramStandin) => new Bot(target.token, { client: { apiRoot: target.apiRoot }, botInfo: target.botInfo });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected the call to fail"),
    (error: unknown) => error,
  );
}

describe("Telegram stand-in: updates", () => {
  it("long-polls: getUpdates waits for a pushed update and returns it at once", async () => {
    const bot = botFor(standin);
    const started = Date.now();
    const polling = bot.api.getUpdates({ timeout: 10 });
    setTimeout(() => standin.pushUpdate(textUpdate({ updateId: 10, text: "alo" })), 50);
    const updates = await polling;
    expect(updates.map((update) => update.update_id)).toEqual([10]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("waits out the timeout when nothing arrives, then answers an empty list", async () => {
    const started = Date.now();
    expect(await botFor(standin).api.getUpdates({ timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("keeps updates until an offset confirms them; a negative offset keeps only the newest", async () => {
    const bot = botFor(standin);
    for (const updateId of [10, 11, 12]) standin.pushUpdate(textUpdate({ updateId, text: `m${updateId}` }));
    const ids = async (offset?: number) => (await bot.api.getUpdates(offset === undefined ? {} : { offset })).map((u) => u.update_id);
    expect(await ids()).toEqual([10, 11, 12]);
    expect(await ids()).toEqual([10, 11, 12]);
    expect(await ids(11)).toEqual([11, 12]);
    expect(await ids(-1)).toEqual([12]);
    expect(await ids(13)).toEqual([]);
    expect(await bot.api.getWebhookInfo()).toMatchObject({ url: "", pending_update_count: 0 });
  });

  it("ends a waiting poll with 409 when a second poller arrives", async () => {
    const bot = botFor(standin);
    const first = rejection(bot.api.getUpdates({ timeout: 10 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(bot.api.getUpdates({ timeout: 0 })).resolves.toEqual([]);
    expect(await first).toMatchObject({ error_code: 409, description: expect.stringContaining("terminated by other getUpdates request") });
  });

  it("drives a real grammY long-polling loop without busy-looping", async () => {
    const bot = botFor(standin);
    bot.on("message:text", (ctx) => ctx.reply(`Đã nhận: ${ctx.message.text}`));
    let started = false;
    const running = bot.start({
      timeout: 5,
      onStart: () => {
        started = true;
      },
    });
    standin.pushUpdate(textUpdate({ updateId: 500, chatId: 42, userId: 42, text: "tôi cần giúp" }));
    await expect.poll(() => standin.sentMessages(42).map((m) => m.text), { timeout: 5_000 }).toEqual(["Đã nhận: tôi cần giúp"]);
    await bot.stop();
    await running;
    expect(started).toBe(true);
    const polls = standin.callsTo("getUpdates");
    expect(polls.length).toBeLessThanOrEqual(4);
    // grammY confirms the handled update on its next poll (or on stop).
    expect(polls.at(-1)?.params.offset).toBe(501);
    expect(standin.callsTo("deleteWebhook")).toHaveLength(1);
  });

  it("records setWebhook, refuses getUpdates while it is set, and delivers updates with the secret header", async () => {
    const bot = botFor(standin);
    bot.on("message:text", (ctx) => ctx.reply("webhook ok"));
    const server: Server = createServer(webhookCallback(bot, "http", { secretToken: "s3cret_token" }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/telegram`;
    try {
      await bot.api.setWebhook(url, { secret_token: "s3cret_token", allowed_updates: ["message", "callback_query"] });
      expect(standin.webhook()).toEqual({ url, secretToken: "s3cret_token", allowedUpdates: ["message", "callback_query"] });
      expect(await bot.api.getWebhookInfo()).toMatchObject({ url, allowed_updates: ["message", "callback_query"] });
      expect(await rejection(bot.api.getUpdates())).toMatchObject({ error_code: 409 });

      const delivered = await standin.deliverUpdate(textUpdate({ updateId: 7, chatId: 42, userId: 42, text: "hi" }));
      expect(delivered.status).toBe(200);
      expect(standin.sentMessages(42).map((m) => m.text)).toEqual(["webhook ok"]);

      await bot.api.deleteWebhook();
      expect(standin.webhook()).toBeUndefined();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
