import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actions } from "../../src/slack/cards.js";
import { checkSlackSignature } from "../../src/slack/signature.js";
import { blockActionsPayload, eventCallback, formBody, messageEvent, urlVerification } from "../fixtures/slack-payloads.js";
import { channels, type SlackHarness, slackHarness, users } from "./harness.js";

describe("Slack request signing (v0 HMAC-SHA256, 5-minute window)", () => {
  it("accepts Slack's documented example and refuses a changed body, a wrong secret and a stale or missing timestamp", () => {
    const rawBody = Buffer.from(
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
    );
    const base = {
      signingSecret: "8f742231b10e8888abcd99yyyzzz85a5",
      rawBody,
      timestamp: "1531420618",
      signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
      nowMs: 1531420618000,
    };
    expect(checkSlackSignature(base)).toBe("ok");
    expect(checkSlackSignature({ ...base, rawBody: Buffer.concat([rawBody, Buffer.from("x")]) })).toBe("bad_signature");
    expect(checkSlackSignature({ ...base, signingSecret: "another-secret" })).toBe("bad_signature");
    expect(checkSlackSignature({ ...base, nowMs: base.nowMs + 301_000 })).toBe("stale");
    expect(checkSlackSignature({ ...base, nowMs: base.nowMs - 301_000 })).toBe("stale");
    expect(checkSlackSignature({ ...base, nowMs: base.nowMs + 299_000 })).toBe("ok");
    expect(checkSlackSignature({ ...base, timestamp: undefined })).toBe("missing");
  });
});

describe("POST /slack/events", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await slackHarness();
  });
  afterEach(() => h.close());

  it("answers url_verification with the challenge", async () => {
    const response = await h.send(
      JSON.stringify(urlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")),
      "application/json",
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  it("refuses a bad signature, a stale timestamp (> 5 minutes) and a wrong content type, and processes nothing", async () => {
    const ticket = await h.open("price_quote");
    const body = formBody(blockActionsPayload({ userId: users.lan, actionId: actions.claim, value: ticket.id, channelId: channels.sales }));
    const form = "application/x-www-form-urlencoded";
    const now = Math.floor(h.clock.now().getTime() / 1000);

    const badSignature = await h.send(body, form, { secret: "not-the-signing-secret" });
    const stale = await h.send(body, form, { at: now - 301 });
    const event = JSON.stringify(eventCallback({ eventId: "Ev0STALE", event: messageEvent({ text: "hi", threadTs: "1.1" }) }));
    const staleEvent = await h.send(event, "application/json", { at: now - 6 * 60 });
    const wrongType = await h.send(body, "text/plain");
    const unsigned = await h.app.server.inject({ method: "POST", url: "/slack/events", payload: body, headers: { "content-type": form } });

    expect([badSignature.statusCode, stale.statusCode, staleEvent.statusCode, unsigned.statusCode]).toEqual([401, 401, 401, 401]);
    expect(wrongType.statusCode).toBe(400);
    const after = await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(after.status).toBe("ready");
    expect(await h.db.prisma.inboundEvent.count()).toBe(0);
    expect(h.standin.callsTo("chat.postEphemeral")).toHaveLength(0);
  });

  it("records Events API callbacks in the inbound log, deduplicated by event_id", async () => {
    const event = messageEvent({ channel: channels.sales, user: users.lan, text: "hello", ts: "1700000009.000100" });
    const first = await h.event(event, "Ev0SAME");
    const again = await h.event(event, "Ev0SAME");
    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    const rows = await h.db.prisma.inboundEvent.findMany({ where: { source: "slack" } });
    expect(rows.map((r) => [r.dedupKey, r.processedAt !== null])).toEqual([["Ev0SAME", true]]);
  });

  it("acks an interaction quickly with an empty 200 even when the listener has nothing to do", async () => {
    const started = Date.now();
    const response = await h.press(users.lan, "no_such_action", "x", { channel: channels.sales });
    expect(response.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
