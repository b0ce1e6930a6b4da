import { LogLevel, WebAPIPlatformError, WebClient, type WebClientOptions } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SlackStandin, startSlackStandin } from "./slack-standin.js";

const CHANNEL = "C0123SUPPORT";
const TICKET_BLOCKS = [
  { type: "section", text: { type: "mrkdwn", text: "*Phiếu #42*: không đăng nhập được" } },
  {
    type: "actions",
    block_id: "ticket_42_actions",
    elements: [{ type: "button", action_id: "ticket_claim", value: "42", text: { type: "plain_text", text: "Nhận" } }],
  },
];

let standin: SlackStandin;
beforeEach(async () => {
  standin = await startSlackStandin({
    users: [
      { id: "U0AGENT01", name: "alice", locale: "en-US" },
      { id: "U0AGENT02", name: "binh", realName: "Trần Bình", locale: "ja-JP" },
    ],
  });
});
afterEach(() => standin.close());

/** The real @slack/web-api client, with no retries and 429s rejected at once unless a test overrides it. */
const clientFor = (target: SlackStandin, options: WebClientOptions = {}) => clientWithToken(target, target.identity.token, options);

const clientWithToken = (target: SlackStandin, token: string | undefined, options: WebClientOptions = {}) =>
  new WebClient(token, {
    slackApiUrl: target.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
    ...options,
  });

async function platformError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => expect.fail("expected an ok:false answer"),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WebAPIPlatformError);
  return (error as WebAPIPlatformError).data.error;
}

describe("Slack stand-in: what WebClient sends", () => {
  it("answers auth.test for the bot token sent as Authorization: Bearer in a form body", async () => {
    const result = await clientFor(standin).auth.test();
    expect(result).toMatchObject({ ok: true, team_id: "T0TEAM001", user_id: "U0BOT0001", bot_id: "B0BOT0001" });
    expect(standin.calls[0]).toMatchObject({ method: "auth.test", token: "xoxb-standin-token", status: 200 });
    expect(standin.calls[0]?.contentType).toBe("application/x-www-form-urlencoded");
  });

  it("refuses calls without a token (not_authed) or with a wrong one (invalid_auth)", async () => {
    expect(await platformError(clientWithToken(standin, undefined).auth.test())).toBe("not_authed");
    expect(await platformError(clientWithToken(standin, "xoxb-wrong").auth.test())).toBe("invalid_auth");
    expect(standin.calls.map((call) => call.token)).toEqual([undefined, "xoxb-wrong"]);
  });

  it("posts a message whose blocks arrive parsed, with incrementing ts", async () => {
    const client = clientFor(standin);
    const first = await client.chat.postMessage({ channel: CHANNEL, text: "Phiếu mới #42", blocks: TICKET_BLOCKS });
    const second = await client.chat.postMessage({ channel: CHANNEL, text: "Phiếu mới #43" });
    expect(first).toMatchObject({ ok: true, channel: CHANNEL, ts: "1700000000.000100" });
    expect(first.message).toMatchObject({ text: "Phiếu mới #42", blocks: TICKET_BLOCKS, bot_id: "B0BOT0001", user: "U0BOT0001" });
    expect(second.ts).toBe("1700000000.000200");
    expect(standin.callsTo("chat.postMessage")[0]?.params).toEqual({ channel: CHANNEL, text: "Phiếu mới #42", blocks: TICKET_BLOCKS });
    expect(standin.messages(CHANNEL).map((message) => message.text)).toEqual(["Phiếu mới #42", "Phiếu mới #43"]);
  });

  it("threads replies under their root, as Slack marks thread roots", async () => {
    const client = clientFor(standin);
    const root = await client.chat.postMessage({ channel: CHANNEL, text: "root" });
    const reply = await client.chat.postMessage({ channel: CHANNEL, text: "reply", thread_ts: root.ts ?? "" });
    const [rootNow, replyNow] = standin.messages(CHANNEL);
    expect(rootNow).toMatchObject({ ts: root.ts, thread_ts: root.ts, reply_count: 1, latest_reply: reply.ts });
    expect(replyNow).toMatchObject({ ts: reply.ts, thread_ts: root.ts });
  });

  it("accepts query-string arguments (GET), as Slack does", async () => {
    const response = await fetch(`${standin.apiUrl}conversations.info?channel=${CHANNEL}`, {
      headers: { authorization: `Bearer ${standin.identity.token}` },
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: { id: CHANNEL, name: "support" } });
  });

  it("accepts JSON bodies too", async () => {
    const response = await fetch(`${standin.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${standin.identity.token}` },
      body: JSON.stringify({ channel: CHANNEL, blocks: TICKET_BLOCKS }),
    });
    expect(await response.json()).toMatchObject({ ok: true, message: { blocks: TICKET_BLOCKS, text: "" } });
  });

  it("refuses unknown channels, empty messages and unknown methods like Slack (HTTP 200, ok:false)", async () => {
    const client = clientFor(standin);
    expect(await platformError(client.chat.postMessage({ channel: "C0NOPE", text: "x" }))).toBe("channel_not_found");
    expect(await platformError(client.chat.postMessage({ channel: CHANNEL, text: "" }))).toBe("no_text");
    expect(await platformError(client.chat.postMessage({ channel: CHANNEL, text: "x", blocks: [{ text: "no type" }] as never }))).toBe(
      "invalid_blocks",
    );
    expect(await platformError(client.apiCall("chat.teleport"))).toBe("unknown_method");
  });
});

describe("Slack stand-in: message state", () => {
  it("applies chat.update to messages(channel), keeping blocks the update leaves out", async () => {
    const client = clientFor(standin);
    const posted = await client.chat.postMessage({ channel: CHANNEL, text: "Phiếu #42", blocks: TICKET_BLOCKS });
    const ts = posted.ts ?? "";
    const updated = await client.chat.update({ channel: CHANNEL, ts, text: "Phiếu #42 (alice nhận)" });
    expect(updated).toMatchObject({ ok: true, channel: CHANNEL, ts, text: "Phiếu #42 (alice nhận)" });
    expect(standin.messages(CHANNEL)[0]).toMatchObject({
      text: "Phiếu #42 (alice nhận)",
      blocks: TICKET_BLOCKS,
      edited: { user: "U0BOT0001" },
    });

    await client.chat.update({ channel: CHANNEL, ts, text: "Phiếu #42 (đóng)", blocks: [] });
    expect(standin.messages(CHANNEL)[0]?.blocks).toEqual([]);
    expect(await platformError(client.chat.update({ channel: CHANNEL, ts: "1.000001", text: "x" }))).toBe("message_not_found");
  });

  it("deletes and pins messages", async () => {
    const client = clientFor(standin);
    const keep = await client.chat.postMessage({ channel: CHANNEL, text: "keep" });
    const drop = await client.chat.postMessage({ channel: CHANNEL, text: "drop" });
    await expect(client.chat.delete({ channel: CHANNEL, ts: drop.ts ?? "" })).resolves.toMatchObject({ ok: true, ts: drop.ts });
    await client.pins.add({ channel: CHANNEL, timestamp: keep.ts ?? "" });
    expect(standin.messages(CHANNEL)).toEqual([expect.objectContaining({ text: "keep", pinned_to: [CHANNEL] })]);
    expect(await platformError(client.pins.add({ channel: CHANNEL, timestamp: keep.ts ?? "" }))).toBe("already_pinned");
    expect(await platformError(client.chat.delete({ channel: CHANNEL, ts: drop.ts ?? "" }))).toBe("message_not_found");
  });

  it("posts ephemeral messages only to channel members", async () => {
    const client = clientFor(standin);
    expect(await platformError(client.chat.postEphemeral({ channel: CHANNEL, user: "U0AGENT01", text: "chỉ bạn thấy" }))).toBe(
      "user_not_in_channel",
    );
    standin.setChannelMembers(CHANNEL, ["U0BOT0001", "U0AGENT01"]);
    const result = await client.chat.postEphemeral({ channel: CHANNEL, user: "U0AGENT01", text: "chỉ bạn thấy" });
    expect(result.message_ts).toBe("1700000000.000100");
    expect(standin.ephemerals(CHANNEL)).toEqual([
      { channel: CHANNEL, user: "U0AGENT01", message_ts: result.message_ts, text: "chỉ bạn thấy" },
    ]);
    expect(standin.messages(CHANNEL)).toEqual([]);
  });

  it("posts to a user id through the bot's DM with that user", async () => {
    const result = await clientFor(standin).chat.postMessage({ channel: "U0AGENT01", text: "riêng" });
    expect(result.channel).toBe("D0AGENT01");
    expect(standin.messages("D0AGENT01").map((message) => message.text)).toEqual(["riêng"]);
  });
});

describe("Slack stand-in: directory", () => {
  const members = ["U0BOT0001", "U0AGENT01", "U0AGENT02", "U0AGENT03", "U0AGENT04"];

  it("paginates conversations.members with cursor and limit", async () => {
    standin.setChannelMembers(CHANNEL, members);
    const client = clientFor(standin);
    const first = await client.conversations.members({ channel: CHANNEL, limit: 2 });
    expect(first.members).toEqual(["U0BOT0001", "U0AGENT01"]);
    const cursor = first.response_metadata?.next_cursor ?? "";
    expect(Buffer.from(cursor, "base64").toString()).toBe("user:U0AGENT02");

    const pages: string[][] = [];
    for await (const page of client.paginate("conversations.members", { channel: CHANNEL, limit: 2 })) {
      pages.push((page as unknown as { members: string[] }).members);
    }
    expect(pages).toEqual([["U0BOT0001", "U0AGENT01"], ["U0AGENT02", "U0AGENT03"], ["U0AGENT04"]]);
    expect(await platformError(client.conversations.members({ channel: CHANNEL, cursor: "bm9wZQ==" }))).toBe("invalid_cursor");
  });

  it("describes channels and users; the locale only comes with include_locale", async () => {
    standin.setChannelMembers(CHANNEL, members);
    const client = clientFor(standin);
    const info = await client.conversations.info({ channel: CHANNEL, include_num_members: true });
    expect(info.channel).toMatchObject({ id: CHANNEL, name: "support", is_channel: true, is_member: true, num_members: 5 });

    const plain = await client.users.info({ user: "U0AGENT02" });
    expect(plain.user).toMatchObject({ id: "U0AGENT02", name: "binh", real_name: "Trần Bình" });
    expect(plain.user).not.toHaveProperty("locale");
    expect((await client.users.info({ user: "U0AGENT02", include_locale: true })).user?.locale).toBe("ja-JP");
    expect(await platformError(client.users.info({ user: "U0NOBODY" }))).toBe("user_not_found");
  });
});

describe("Slack stand-in: views", () => {
  const modal = {
    type: "modal" as const,
    callback_id: "ticket_intake",
    private_metadata: '{"ticket":42}',
    title: { type: "plain_text" as const, text: "Phiếu" },
    blocks: [
      {
        type: "input" as const,
        block_id: "email_block",
        label: { type: "plain_text" as const, text: "Email" },
        element: { type: "plain_text_input" as const, action_id: "email" },
      },
    ],
  };

  it("opens a modal once per trigger_id and updates it under hash control", async () => {
    const client = clientFor(standin);
    const opened = await client.views.open({ trigger_id: "1700000005.1.a", view: modal });
    expect(opened.view).toMatchObject({ id: "V0VIEW0001", type: "modal", callback_id: "ticket_intake", private_metadata: '{"ticket":42}' });
    expect(await platformError(client.views.open({ trigger_id: "1700000005.1.a", view: modal }))).toBe("exchanged_trigger_id");

    const viewId = opened.view?.id ?? "";
    const updated = await client.views.update({
      view_id: viewId,
      hash: opened.view?.hash ?? "",
      view: { ...modal, private_metadata: "v2" },
    });
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    expect(await platformError(client.views.update({ view_id: viewId, hash: opened.view?.hash ?? "", view: modal }))).toBe("hash_conflict");
    expect(standin.views.map((view) => [view.id, view.private_metadata])).toEqual([[viewId, "v2"]]);
  });

  it("publishes one App Home view per user", async () => {
    const client = clientFor(standin);
    const home = { type: "home" as const, blocks: [{ type: "section" as const, text: { type: "mrkdwn" as const, text: "Hàng đợi: 3" } }] };
    const first = await client.views.publish({ user_id: "U0AGENT01", view: home });
    const again = await client.views.publish({ user_id: "U0AGENT01", view: home });
    expect(again.view?.id).toBe(first.view?.id);
    expect(standin.homeView("U0AGENT01")?.blocks).toEqual(home.blocks);
    expect(await platformError(client.views.publish({ user_id: "U0AGENT01", view: modal }))).toBe("invalid_arguments");
  });
});

describe("Slack stand-in: uploaded files", () => {
  it("serves an uploaded file at its url_private_download to the bot token only, and records each download", async () => {
    const file = standin.uploadFile({ name: "báo giá.pdf", mimetype: "application/pdf", bytes: Buffer.from("%PDF-1.4") });
    expect(file).toMatchObject({ id: "F0FILE001", name: "báo giá.pdf", size: 8 });
    expect(file.url_private_download).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/files-pri\/T0TEAM001-F0FILE001\/download\/b%C3%A1o%20gi%C3%A1\.pdf$/,
    );

    const withToken = await fetch(file.url_private_download, { headers: { authorization: `Bearer ${standin.identity.token}` } });
    expect(withToken.headers.get("content-type")).toBe("application/pdf");
    expect(await withToken.text()).toBe("%PDF-1.4");
    // Like Slack: without the token, a sign-in page, never the file.
    const anonymous = await fetch(file.url_private_download);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get("content-type")).toBe("text/html");
    expect(await anonymous.text()).not.toContain("%PDF");
    expect(standin.downloads).toEqual([
      { id: "F0FILE001", token: standin.identity.token },
      { id: "F0FILE001", token: undefined },
    ]);
  });
});
