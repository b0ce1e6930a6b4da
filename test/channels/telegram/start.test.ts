import { afterEach, describe, expect, it } from "vitest";
import { recordingLogger } from "../../support/logger.js";
import { type TelegramHarness, telegramHarness, until } from "./harness.js";

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

describe("Telegram channel start", () => {
  it("asks getMe once at start, never per update; an update recorded before start is handled after it", async () => {
    h = await telegramHarness({ askBotInfo: true });
    const harness = h;
    await h.say("/start");
    expect(h.texts()).toEqual([]);
    expect(h.standin.callsTo("getMe")).toHaveLength(0);
    await h.app.start();
    h.clock.advance(2000); // the inbound log's first retry
    await until(() => harness.texts().some((text) => text.startsWith("Xin chào")), "the greeting");
    await h.say("/help");
    await h.say("/status");
    expect(h.standin.callsTo("getMe")).toHaveLength(1);
  });

  it("a token refused at start (401) stops Telegram only: the app runs and /healthz says degraded", async () => {
    const logger = recordingLogger();
    h = await telegramHarness({ askBotInfo: true, logger });
    h.standin.fail("getMe", { kind: "error", errorCode: 401, description: "Unauthorized" }, 1);
    await h.app.start();
    expect(h.standin.calls.map((call) => [call.method, call.status])).toEqual([["getMe", 401]]);
    expect(await h.healthz()).toMatchObject({ status: "degraded", components: { telegram: { status: "down" } } });
    expect(logger.lines.some((line) => line.level === "error" && line.msg?.includes("TELEGRAM_BOT_TOKEN"))).toBe(true);
    expect((await h.app.server.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(200);
  });
});
