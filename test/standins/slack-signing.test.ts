import { createHmac } from "node:crypto";
import { verifySlackRequest } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { blockActionsPayload, formBody } from "../fixtures/slack-payloads.js";
import { signSlackRequest } from "./slack-signing.js";

describe("Slack request signing (v0)", () => {
  // Slack's worked example, docs.slack.dev/authentication/verifying-requests-from-slack.
  const secret = "8f742231b10e8888abcd99yyyzzz85a5";
  const body =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

  it("reproduces Slack's documented example signature", () => {
    expect(Buffer.byteLength(body)).toBe(362);
    expect(signSlackRequest(secret, body, 1531420618)).toEqual({
      "x-slack-signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
      "x-slack-request-timestamp": "1531420618",
    });
    expect(signSlackRequest(secret, Buffer.from(body), 1531420618)["x-slack-signature"]).toBe(
      `v0=${createHmac("sha256", secret).update(`v0:1531420618:${body}`).digest("hex")}`,
    );
  });

  it("signs interaction bodies that Bolt's verifier accepts", () => {
    const raw = formBody(blockActionsPayload({ actionId: "ticket_claim", value: "42" }));
    const headers = signSlackRequest("test-signing-secret", raw, 1_700_000_010);
    const verify = (signature: string) =>
      verifySlackRequest({
        signingSecret: "test-signing-secret",
        body: raw,
        headers: { "x-slack-signature": signature, "x-slack-request-timestamp": 1_700_000_010 },
        nowMilliseconds: 1_700_000_020_000,
      });
    expect(() => verify(headers["x-slack-signature"])).not.toThrow();
    expect(() => verify(signSlackRequest("other-secret", raw, 1_700_000_010)["x-slack-signature"])).toThrow();
  });
});
