import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../support/fake-clock.js";
import { startZaloOaStandin, type ZaloOaStandin } from "./zalo-oa-standin.js";
import { zaloEventSignature } from "./zalo-signing.js";

let standin: ZaloOaStandin;
let clock: FakeClock;
beforeEach(async () => {
  clock = new FakeClock("2026-01-01T00:00:00Z");
  standin = await startZaloOaStandin({ clock });
});
afterEach(() => standin.close());

const USER = "6150000000000000001";

async function tokenCall(fields: Record<string, string>, secretKey = standin.appSecret) {
  const response = await fetch(`${standin.origin}/v4/oa/access_token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", secret_key: secretKey },
    body: new URLSearchParams({ app_id: standin.appId, ...fields }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function sendCs(accessToken: string, message: Record<string, unknown>) {
  const response = await fetch(`${standin.origin}/v3.0/oa/message/cs`, {
    method: "POST",
    headers: { "content-type": "application/json", access_token: accessToken },
    body: JSON.stringify({ recipient: { user_id: USER }, message }),
  });
  // Zalo answers its errors with HTTP 200 too.
  expect(response.status).toBe(200);
  return (await response.json()) as { error: number; message: string; data?: Record<string, unknown> };
}

describe("Zalo OA stand-in: the research's examples", () => {
  it("signs the research's test vector to the documented header", () => {
    const rawBody =
      '{"app_id":"1234567890123456789","sender":{"id":"6150000000000000001"},"user_id_by_app":"5520000000000000002","recipient":{"id":"4510000000000000003"},"event_name":"user_send_text","message":{"text":"Xin chào","msg_id":"a1b2c3d4e5f60718293a"},"timestamp":"1767225600000"}';
    expect(Buffer.byteLength(rawBody)).toBe(271);
    expect(zaloEventSignature({ appId: "1234567890123456789", rawBody, timestamp: "1767225600000", oaSecretKey: "TEST_OA_SECRET" })).toBe(
      "mac=7b4b430e94fe500c67796bdfd61113fd280b21ae83e80e38adfea6863e54a815",
    );
    // The driver produces the same bytes and header for the same event.
    const event = JSON.parse(rawBody) as Record<string, unknown>;
    expect(standin.signedEvent(event)).toEqual({
      rawBody,
      headers: {
        "content-type": "application/json",
        "x-zevent-signature": "mac=7b4b430e94fe500c67796bdfd61113fd280b21ae83e80e38adfea6863e54a815",
      },
    });
  });

  it("rotates refresh tokens: each works once, a spent one is refused, expires_in is the string 90000", async () => {
    const first = standin.mintTokens();
    const refreshed = await tokenCall({ grant_type: "refresh_token", refresh_token: first.refreshToken });
    expect(refreshed).toMatchObject({ expires_in: "90000" });
    expect(refreshed.refresh_token).not.toBe(first.refreshToken);
    const again = await tokenCall({ grant_type: "refresh_token", refresh_token: first.refreshToken });
    expect(again).toMatchObject({ error: -14014 });
    expect(again.access_token).toBeUndefined();
    expect(await tokenCall({ grant_type: "refresh_token", refresh_token: String(refreshed.refresh_token) }, "wrong")).toMatchObject({
      error: -14001,
    });
  });

  it("exchanges a PKCE authorization code once, with the right verifier only", async () => {
    const verifier = "v".repeat(43);
    const code = standin.issueCode(verifier);
    expect(await tokenCall({ grant_type: "authorization_code", code, code_verifier: "w".repeat(43) })).toMatchObject({ error: -14002 });
    const other = standin.issueCode(verifier);
    const pair = await tokenCall({ grant_type: "authorization_code", code: other, code_verifier: verifier });
    expect(pair).toMatchObject({ expires_in: "90000" });
    expect(await tokenCall({ grant_type: "authorization_code", code: other, code_verifier: verifier })).toMatchObject({ error: -14002 });
  });

  it("answers the consent link with a redirect carrying a code bound to the link's code_challenge", async () => {
    const verifier = "v".repeat(43);
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const link = new URL(`${standin.origin}/v4/oa/permission`);
    link.search = new URLSearchParams({
      app_id: standin.appId,
      redirect_uri: "https://support.example.com/console/zalo/callback",
      code_challenge: challenge,
      state: "s1",
    }).toString();
    const response = await fetch(link, { redirect: "manual" });
    expect(response.status).toBe(302);
    const back = new URL(response.headers.get("location") ?? "");
    expect(`${back.origin}${back.pathname}`).toBe("https://support.example.com/console/zalo/callback");
    expect(back.searchParams.get("state")).toBe("s1");
    expect(back.searchParams.get("oa_id")).toBe(standin.oaId);
    const code = back.searchParams.get("code") ?? "";
    expect(await tokenCall({ grant_type: "authorization_code", code, code_verifier: "w".repeat(43) })).toMatchObject({ error: -14002 });
    const again = new URL((await fetch(link, { redirect: "manual" })).headers.get("location") ?? "");
    const pair = await tokenCall({ grant_type: "authorization_code", code: again.searchParams.get("code") ?? "", code_verifier: verifier });
    expect(pair).toMatchObject({ expires_in: "90000" });
    const wrongApp = await fetch(link.toString().replace(standin.appId, "999"), { redirect: "manual" });
    expect(wrongApp.status).toBe(400);
  });

  it("answers -216 for an unknown token, -220 for an expired one, -230 outside the window, -201 over 2000 characters", async () => {
    const { accessToken } = standin.mintTokens();
    expect(await sendCs("nonsense", { text: "Xin chào" })).toMatchObject({ error: -216 });
    expect(await sendCs(accessToken, { text: "Xin chào" })).toMatchObject({ error: -230 });
    standin.interact(USER);
    expect(await sendCs(accessToken, { text: "x".repeat(2001) })).toMatchObject({ error: -201 });
    const ok = await sendCs(accessToken, { text: "Đã tạo phiếu #T-1024." });
    expect(ok).toMatchObject({ error: 0, message: "Success", data: { user_id: USER } });
    expect(standin.sent(USER).map((m) => m.text)).toEqual(["Đã tạo phiếu #T-1024."]);
    clock.advance(8 * 24 * 3600 * 1000);
    expect(await sendCs(accessToken, { text: "Muộn" })).toMatchObject({ error: -220 });
    const fresh = standin.mintTokens();
    expect(await sendCs(fresh.accessToken, { text: "Muộn" })).toMatchObject({ error: -230 });
    standin.fail("/v3.0/oa/message/cs", { error: -32, message: "Your application reached limit call api" });
    standin.interact(USER);
    expect(await sendCs(fresh.accessToken, { text: "Lại" })).toMatchObject({ error: -32 });
  });

  it("keeps buttons, the contact form, uploaded images and files as the user sees them", async () => {
    const { accessToken } = standin.mintTokens();
    standin.interact(USER);
    const buttons = [{ title: "Tạo phiếu hỗ trợ", type: "oa.query.hide", payload: "#ticket_new" }];
    await sendCs(accessToken, { text: "Bạn cần hỗ trợ gì?", attachment: { type: "template", payload: { buttons } } });
    const form = new FormData();
    form.append("file", new Blob([Buffer.from("PNG")], { type: "image/png" }), "anh.png");
    const uploaded = (await (
      await fetch(`${standin.origin}/v2.0/oa/upload/image`, { method: "POST", headers: { access_token: accessToken }, body: form })
    ).json()) as { data: { attachment_id: string } };
    await sendCs(accessToken, {
      attachment: {
        type: "template",
        payload: { template_type: "media", elements: [{ media_type: "image", attachment_id: uploaded.data.attachment_id }] },
      },
    });
    await sendCs(accessToken, {
      attachment: {
        type: "template",
        payload: { template_type: "request_user_info", elements: [{ title: "Thông tin liên hệ", subtitle: "Họ tên và số điện thoại" }] },
      },
    });
    const [menu, image, info] = standin.sent(USER);
    expect(menu?.buttons).toEqual(buttons);
    expect(image?.image).toMatchObject({ name: "anh.png", bytes: Buffer.from("PNG") });
    expect(info?.requestUserInfo).toEqual({ title: "Thông tin liên hệ", subtitle: "Họ tên và số điện thoại" });
  });
});
