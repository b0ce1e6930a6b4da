import { afterEach, describe, expect, it } from "vitest";
import { createZaloOAuth, createZaloTokens } from "../../../src/channels/zalo/index.js";
import { type SlackStandin, startSlackStandin } from "../../standins/slack-standin.js";
import { USER, type ZaloHarness, zaloHarness } from "./harness.js";

let h: ZaloHarness | undefined;
let slack: SlackStandin | undefined;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

const REFRESH = "/v4/oa/access_token";

describe("the OA's token pair", () => {
  it("an expired access token during a send: one refresh, then sent; the new pair is stored", async () => {
    h = await zaloHarness();
    const first = h.pair();
    h.standin.expireAccessToken(first?.accessToken ?? "");
    await h.say("Mấy giờ bên bạn làm việc?");
    expect(h.last()).toContain("Phòng kỹ thuật");
    const sends = h.standin.callsTo("/v3.0/oa/message/cs");
    expect(sends[0]?.error).toBe(-220);
    expect(sends.at(-1)?.error).toBe(0);
    expect(h.standin.callsTo(REFRESH)).toHaveLength(1);
    const row = await h.db.prisma.zaloToken.findUniqueOrThrow({ where: { id: "oa" } });
    expect(row.refreshToken).not.toBe(first?.refreshToken);
    expect(row.accessToken).toBe(sends.at(-1)?.headers.access_token);
  });

  it("two instances refreshing at once spend the refresh token once", async () => {
    h = await zaloHarness();
    const stale = h.pair()?.accessToken ?? "";
    const tokensOf = () =>
      createZaloTokens({
        db: h?.db as NonNullable<typeof h>["db"],
        clock: h?.clock as NonNullable<typeof h>["clock"],
        oauth: createZaloOAuth({
          oauthRoot: h?.standin.origin ?? "",
          appId: h?.standin.appId ?? "",
          appSecret: h?.standin.appSecret ?? "",
          fetch,
        }),
      });
    const [a, b] = await Promise.all([tokensOf().refresh(stale), tokensOf().refresh(stale)]);
    expect(a).toBe(b);
    expect(a).not.toBe(stale);
    expect(h.standin.callsTo(REFRESH).map((c) => c.error)).toEqual([0]);
  });

  it("refreshes early, at 20 h, before Zalo refuses the token", async () => {
    h = await zaloHarness();
    h.clock.advance(21 * 3600 * 1000);
    await h.say("giờ làm việc");
    expect(h.standin.callsTo(REFRESH)).toHaveLength(1);
    expect(h.standin.callsTo("/v3.0/oa/message/cs").every((c) => c.error === 0)).toBe(true);
  });

  it("a spent refresh token: alert, /healthz degraded but 200, nothing lost, delivered after reconnecting", async () => {
    h = await zaloHarness();
    h.standin.spendRefreshToken(h.pair()?.refreshToken ?? "");
    h.standin.expireAccessToken(h.pair()?.accessToken ?? "");
    await h.say("giờ làm việc");
    expect(h.texts()).toEqual([]);
    const health = await h.app.server.inject({ method: "GET", url: "/healthz" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: "degraded", components: { zalo: { status: "down" } } });
    expect(health.json().components.zalo.reason).toContain("refused the OA's refresh token");
    const metrics = await h.app.server.inject({ method: "GET", url: "/metrics" });
    expect(metrics.body).toContain('hotro_component_down{component="zalo"} 1');
    const waiting = await h.db.prisma.outboxMessage.findMany({ where: { channel: "zalo" } });
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((row) => row.status === "pending")).toBe(true);
    // A second try does not spend anything: the refused state is kept until someone connects again.
    h.clock.advance(10 * 60_000);
    await h.settle();
    expect(h.standin.callsTo(REFRESH)).toHaveLength(1);

    await h.connect();
    h.clock.advance(10 * 60_000);
    await h.settle();
    expect(h.last(USER)).toContain("Phòng kỹ thuật");
    expect((await h.healthz()).components.zalo).toEqual({ status: "ok" });
  });

  it("a refused refresh is told to Customer care in their Slack channel, once", async () => {
    slack = await startSlackStandin({ channels: [{ id: "C0CARE", name: "cs-khach-hang" }] });
    h = await zaloHarness({
      env: { SLACK_BOT_TOKEN: "xoxb-standin-token", SLACK_SIGNING_SECRET: "standin-signing-secret", SLACK_API_URL: slack.apiUrl },
      policy: (policy) => ({
        ...policy,
        departments: policy.departments.map((d) => (d.id === policy.customerCare.department ? { ...d, slackChannel: "C0CARE" } : d)),
      }),
    });
    h.standin.spendRefreshToken(h.pair()?.refreshToken ?? "");
    h.standin.expireAccessToken(h.pair()?.accessToken ?? "");
    await h.say("giờ làm việc");
    await h.say("còn làm không");
    const notices = await h.db.prisma.outboxMessage.findMany({ where: { channel: "slack", kind: "notice" } });
    expect(notices.map((n) => [n.destination, n.status])).toEqual([["slack:channel:C0CARE", "sent"]]);
    expect(slack?.messages("C0CARE").map((m) => m.text)).toEqual([expect.stringContaining("npm run zalo:connect")]);
  });
});
