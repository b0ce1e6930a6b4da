import { LogLevel, WebAPIHTTPError, WebAPIRateLimitedError, WebAPIRequestError, WebClient, WebClientEvent } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SlackStandin, startSlackStandin } from "./slack-standin.js";

const CHANNEL = "C0123SUPPORT";

let standin: SlackStandin;
beforeEach(async () => {
  standin = await startSlackStandin();
});
afterEach(() => standin.close());

/** The test recipe for @slack/web-api: no retries, 429s rejected at once. */
const clientFor = (target: SlackStandin) =>
  new WebClient(target.identity.token, {
    slackApiUrl: target.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });

describe("Slack stand-in: faults", () => {
  it("429 with Retry-After: a WebClient with the default retry policy waits, retries and succeeds", async () => {
    standin.fail("chat.postMessage", { kind: "429", retryAfter: 1 });
    const client = new WebClient(standin.identity.token, { slackApiUrl: standin.apiUrl, logLevel: LogLevel.ERROR });
    const rateLimited: number[] = [];
    client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));
    const started = Date.now();
    const result = await client.chat.postMessage({ channel: CHANNEL, text: "sau khi chờ" });
    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(rateLimited).toEqual([1]);
    expect(standin.callsTo("chat.postMessage").map((call) => [call.status, call.fault])).toEqual([
      [429, "429"],
      [200, undefined],
    ]);
    expect(standin.messages(CHANNEL)).toHaveLength(1);
  });

  it("429 reaches callers that reject rate-limited calls as WebAPIRateLimitedError with retryAfter", async () => {
    standin.fail("chat.postMessage", { kind: "429", retryAfter: 7 });
    const error = await clientFor(standin)
      .chat.postMessage({ channel: CHANNEL, text: "x" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WebAPIRateLimitedError);
    expect((error as WebAPIRateLimitedError).retryAfter).toBe(7);
  });

  it("answers 500, ok:false errors, malformed bodies and dropped connections on demand", async () => {
    const client = clientFor(standin);
    standin.fail("chat.postMessage", { kind: "500" });
    standin.fail("chat.postMessage", { kind: "error", error: "channel_not_found" });
    standin.fail("chat.postMessage", { kind: "malformed" });
    standin.fail("chat.postMessage", { kind: "disconnect" });
    const post = () => client.chat.postMessage({ channel: CHANNEL, text: "x" }).catch((caught: unknown) => caught);
    const http = await post();
    expect(http).toBeInstanceOf(WebAPIHTTPError);
    expect((http as WebAPIHTTPError).statusCode).toBe(500);
    expect(await post()).toMatchObject({ data: { ok: false, error: "channel_not_found" } });
    // WebClient reports a body that is not JSON as a platform error carrying the raw text.
    expect(await post()).toMatchObject({ data: { ok: false, error: "<html><body>502 Bad Gateway</body></html>" } });
    expect(await post()).toBeInstanceOf(WebAPIRequestError);
    await expect(client.chat.postMessage({ channel: CHANNEL, text: "x" })).resolves.toMatchObject({ ok: true });
  });
});
