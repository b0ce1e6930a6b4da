import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startZaloBotStandin, type ZaloBotStandin } from "./zalo-bot-standin.js";

let standin: ZaloBotStandin;
beforeEach(async () => {
  standin = await startZaloBotStandin();
});
afterEach(() => standin.close());

const call = async (method: string, params: Record<string, unknown> = {}, token = standin.token) =>
  (await (
    await fetch(`${standin.apiRoot}/bot${token}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(params),
    })
  ).json()) as Record<string, unknown>;

describe("Zalo Bot stand-in: the research's examples", () => {
  it("refuses a wrong token with 401 and answers getMe", async () => {
    expect(await call("getMe", {}, "1:wrong")).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    expect(await call("getMe")).toMatchObject({ ok: true, result: { account_type: "BASIC" } });
  });

  it("getUpdates answers one update per call, then 408 after the timeout", async () => {
    standin.pushUpdate(standin.textUpdate("/ticket máy in kẹt giấy"));
    standin.pushUpdate(standin.textUpdate("xin chào"));
    expect(await call("getUpdates", { timeout: "1" })).toMatchObject({
      ok: true,
      result: { message: { text: "/ticket máy in kẹt giấy" } },
    });
    expect(await call("getUpdates", { timeout: "1" })).toMatchObject({ ok: true, result: { message: { text: "xin chào" } } });
    expect(await call("getUpdates", { timeout: "1" })).toEqual({ ok: false, error_code: 408, description: "Request timeout" });
  });

  it("wants an HTTPS webhook with an 8–256 character secret, and sends texts of 1–2000 characters and photos by URL", async () => {
    expect(await call("setWebhook", { url: "https://hotro.example/webhooks/zalo-bot", secret_token: "short" })).toMatchObject({
      ok: false,
      error_code: 400,
    });
    expect(await call("setWebhook", { url: "https://hotro.example/webhooks/zalo-bot", secret_token: "long-enough" })).toMatchObject({
      ok: true,
    });
    expect(await call("getUpdates", { timeout: "1" })).toMatchObject({ ok: false, error_code: 409 });
    expect(await call("sendMessage", { chat_id: "c1", text: "x".repeat(2001) })).toMatchObject({ ok: false, error_code: 400 });
    expect(await call("sendMessage", { chat_id: "c1", text: "Xin chào" })).toMatchObject({
      ok: true,
      result: { message_id: expect.any(String) },
    });
    expect(await call("sendPhoto", { chat_id: "c1", photo: "not a url" })).toMatchObject({ ok: false });
    expect(await call("sendPhoto", { chat_id: "c1", photo: "https://hotro.example/f/1" })).toMatchObject({ ok: true });
    expect(standin.sent("c1")).toEqual([
      { chatId: "c1", text: "Xin chào" },
      { chatId: "c1", photo: "https://hotro.example/f/1" },
    ]);
  });
});
