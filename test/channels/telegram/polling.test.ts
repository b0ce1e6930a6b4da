import { Api } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { callbackUpdate, textUpdate } from "../../fixtures/telegram-updates.js";
import { recordingLogger } from "../../support/logger.js";
import { type TelegramHarness, telegramHarness, until } from "./harness.js";

let h: TelegramHarness | undefined;
let stopped = false;
afterEach(async () => {
  await h?.standin.close();
  if (!stopped) await h?.app.stop();
  h = undefined;
  stopped = false;
});

const polls = (harness: TelegramHarness) => harness.standin.callsTo("getUpdates");
/** A getUpdates call the stand-in has not answered yet: a long poll in progress. */
const pollWaiting = (harness: TelegramHarness) => polls(harness).some((call) => call.status === 0);
/** Update ids in the inbound log, in order (every row has the fake clock's time). */
const recordedIds = async (harness: TelegramHarness) =>
  (await harness.db.prisma.inboundEvent.findMany({ select: { dedupKey: true } }))
    .map((e) => e.dedupKey)
    .sort((a, b) => Number(a) - Number(b));
/** Another client of the same bot, as a second instance or an operator's script would be. */
const otherClient = (harness: TelegramHarness) => new Api(harness.standin.token, { apiRoot: harness.standin.apiRoot });

async function stopTimed(harness: TelegramHarness): Promise<number> {
  const started = performance.now();
  await harness.app.stop();
  stopped = true;
  return performance.now() - started;
}

describe("Telegram long polling", () => {
  it("stops within a second of stop() while a getUpdates long poll is open", async () => {
    h = await telegramHarness({ env: { TELEGRAM_MODE: "polling" } });
    const harness = h;
    await h.app.start();
    await until(() => pollWaiting(harness), "a long poll");
    expect(await stopTimed(h)).toBeLessThan(1000);
  });

  it("stops within a second of stop() while it waits to retry (429 retry_after 30 s)", async () => {
    h = await telegramHarness({ env: { TELEGRAM_MODE: "polling" } });
    const harness = h;
    h.standin.fail("getUpdates", { kind: "429", retryAfter: 30 }, 1);
    await h.app.start();
    await until(() => polls(harness).some((call) => call.status === 429), "the 429");
    expect(await stopTimed(h)).toBeLessThan(1000);
    expect(polls(h)).toHaveLength(1);
  });

  it("retries a 5xx with backoff and records what comes next", async () => {
    h = await telegramHarness({ env: { TELEGRAM_MODE: "polling" } });
    const harness = h;
    h.standin.fail("getUpdates", { kind: "500" }, 1);
    await h.app.start();
    await until(() => polls(harness).length >= 2, "a second poll");
    h.standin.pushUpdate(textUpdate({ text: "/start", updateId: 90 }));
    await until(async () => (await recordedIds(harness)).includes("90"), "update 90 recorded");
  });

  it("401: stops polling at once, tells the operator what to do and reports /healthz degraded", async () => {
    const logger = recordingLogger();
    h = await telegramHarness({ env: { TELEGRAM_MODE: "polling" }, logger });
    const harness = h;
    h.standin.fail("getUpdates", { kind: "error", errorCode: 401, description: "Unauthorized" }, 1);
    await h.app.start();
    await until(async () => (await harness.healthz()).status === "degraded", "/healthz degraded");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(polls(h)).toHaveLength(1);
    const response = await h.app.server.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: "degraded",
      database: { reachable: true },
      components: { telegram: { status: "down", reason: expect.stringContaining("TELEGRAM_BOT_TOKEN") } },
    });
    const alert = logger.lines.find((line) => line.level === "error" && line.msg?.includes("401 Unauthorized"));
    expect(alert?.msg).toContain("@BotFather");
    expect(JSON.stringify(alert)).not.toContain(h.standin.token);
  });

  it("409 from another poller: stops as grammY's bot.start does, logs it and reports /healthz degraded", async () => {
    const logger = recordingLogger();
    h = await telegramHarness({ env: { TELEGRAM_MODE: "polling" }, logger });
    const harness = h;
    await h.app.start();
    await until(() => pollWaiting(harness), "a long poll");
    await otherClient(h).getUpdates({ timeout: 0 });
    await until(async () => (await harness.healthz()).status === "degraded", "/healthz degraded");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(polls(h).map((call) => call.status)).toEqual([409, 200]);
    expect((await h.healthz()).components.telegram.reason).toContain("another process polls");
    expect(logger.lines.some((line) => line.level === "error" && line.msg?.includes("409 Conflict"))).toBe(true);
  });

  it("answers a polled button press once, when it is recorded; the choice is then handled", async () => {
    h = await telegramHarness({ env: { TELEGRAM_MODE: "polling" } });
    const harness = h;
    await h.app.start();
    h.standin.pushUpdate(callbackUpdate({ data: "menu:hours", updateId: 7, callbackQueryId: "polled-1" }));
    await until(() => harness.last().includes("Giờ làm việc"), "the hours");
    await until(() => harness.standin.callsTo("answerCallbackQuery").length === 1, "the press answered");
    expect(h.standin.callsTo("answerCallbackQuery").map((call) => call.params)).toEqual([{ callback_query_id: "polled-1" }]);
  });

  it("409 because a webhook was set: deletes it once and keeps polling; set again, it stops and says why", async () => {
    const logger = recordingLogger();
    h = await telegramHarness({ env: { TELEGRAM_MODE: "polling" }, logger });
    const harness = h;
    await h.app.start();
    expect(h.standin.callsTo("deleteWebhook")).toHaveLength(1);
    await until(() => pollWaiting(harness), "a long poll");

    await otherClient(h).setWebhook("https://elsewhere.example/webhooks/telegram");
    h.standin.pushUpdate(textUpdate({ text: "/start", updateId: 1 }));
    await until(() => harness.standin.callsTo("deleteWebhook").length === 2, "the webhook deleted");
    expect(h.standin.webhook()).toBeUndefined();
    await until(() => pollWaiting(harness), "polling again");
    h.standin.pushUpdate(textUpdate({ text: "/help", updateId: 2 }));
    await until(async () => (await recordedIds(harness)).length === 2, "both updates recorded");
    expect(await recordedIds(h)).toEqual(["1", "2"]);
    expect((await h.healthz()).status).toBe("ok");
    expect(logger.lines.some((line) => line.level === "warn" && line.msg?.includes("deleting it"))).toBe(true);

    await otherClient(h).setWebhook("https://elsewhere.example/webhooks/telegram");
    h.standin.pushUpdate(textUpdate({ text: "/status", updateId: 3 }));
    await until(async () => (await harness.healthz()).status === "degraded", "/healthz degraded");
    expect(h.standin.callsTo("deleteWebhook")).toHaveLength(2);
    expect(h.standin.webhook()?.url).toBe("https://elsewhere.example/webhooks/telegram");
    expect((await h.healthz()).components.telegram.reason).toContain("webhook was set again");
  });
});
