import { afterEach, describe, expect, it } from "vitest";
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
});
