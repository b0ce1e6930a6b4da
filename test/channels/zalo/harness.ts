import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, createApp } from "../../../src/app.js";
import { choicePayload } from "../../../src/channels/zalo/choices.js";
import { parseEnv } from "../../../src/config/env.js";
import type { Database } from "../../../src/db/database.js";
import type { Logger } from "../../../src/kernel/logger.js";
import type { Policy } from "../../../src/policy/policy.schema.js";
import { startZaloOaStandin, type ZaloOaStandin } from "../../standins/zalo-oa-standin.js";
import { loadDefaultPolicy } from "../../support/default-policy.js";
import { FakeClock } from "../../support/fake-clock.js";
import { silentLogger } from "../../support/logger.js";
import { createTestDatabase } from "../../support/test-db.js";

export const USER = "6150000000000000001";
const MORE_CHOICES = /^(Thêm lựa chọn|More choices):$/;

/**
 * The whole product on a fresh database with the Zalo OA channel pointed at the stand-in, the OA
 * connected with a minted token pair. Every event goes through the real signed webhook
 * (app.server.inject); processing and delivery run when the test says.
 */
export async function zaloHarness(
  options: {
    now?: string;
    db?: Database;
    standin?: ZaloOaStandin;
    clock?: FakeClock;
    logger?: Logger;
    connect?: boolean;
    env?: Record<string, string>;
    /** Changes to the default policy (a Slack channel for Customer care…). */
    policy?: (policy: Policy) => Policy;
  } = {},
) {
  const clock = options.clock ?? new FakeClock(options.now ?? "2026-11-25T02:00:00Z"); // 09:00 Wednesday in Hanoi
  const standin = options.standin ?? (await startZaloOaStandin({ clock }));
  const db = options.db ?? (await createTestDatabase());
  const loaded: Policy = await loadDefaultPolicy();
  const policy = options.policy ? options.policy(loaded) : loaded;
  const dataDir = mkdtempSync(path.join(tmpdir(), "hotro-zalo-"));
  const parsed = parseEnv({
    ZALO_APP_ID: standin.appId,
    ZALO_APP_SECRET: standin.appSecret,
    ZALO_OA_SECRET_KEY: standin.oaSecretKey,
    ZALO_OAUTH_ROOT: standin.origin,
    ZALO_API_ROOT: standin.origin,
    DATA_DIR: dataDir,
    OUTBOUND_PACE: "off",
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const app: App = await createApp({ env: parsed.env, policy, db, clock, logger: options.logger ?? silentLogger });
  let pair: { accessToken: string; refreshToken: string } | undefined;
  if (options.connect !== false) pair = await connect();

  /** Stores a fresh pair, as `npm run zalo:connect` does. */
  async function connect() {
    const minted = standin.mintTokens();
    const data = {
      accessToken: minted.accessToken,
      refreshToken: minted.refreshToken,
      accessExpiresAt: new Date(clock.now().getTime() + 90_000_000),
      updatedAt: clock.now(),
      refusedAt: null,
      refusedReason: null,
    };
    await db.prisma.zaloToken.upsert({ where: { id: "oa" }, create: { id: "oa", ...data }, update: data });
    pair = minted;
    return minted;
  }

  let msgSeq = 0;
  const common = (userId: string) => ({
    app_id: standin.appId,
    user_id_by_app: "5520000000000000002",
    timestamp: String(clock.now().getTime()),
    sender: { id: userId },
    recipient: { id: standin.oaId },
  });

  /** Posts a signed event to the webhook, then processes the inbound log and delivers the outbox. */
  async function post(event: Record<string, unknown>, headers?: Record<string, string>) {
    const signed = standin.signedEvent(event);
    const response = await app.server.inject({
      method: "POST",
      url: "/webhooks/zalo",
      headers: headers ?? signed.headers,
      payload: signed.rawBody,
    });
    await settle();
    return response;
  }
  async function settle() {
    await app.inbound.processDue();
    await app.delivery.deliverDue();
  }
  const textEvent = (text: string, userId = USER, msgId = `m${++msgSeq}`) => ({
    ...common(userId),
    event_name: "user_send_text",
    message: { text, msg_id: msgId },
  });
  const say = (text: string, userId = USER) => post(textEvent(text, userId));
  /** A tap on a button: Zalo posts its payload back as the user's text. */
  const press = (id: string, userId = USER) => post(textEvent(choicePayload(id), userId));
  const submitInfo = (info: Record<string, string>, userId = USER) => {
    // Zalo tells two forms apart by their time only: the test's clock moves a millisecond, as real time would.
    clock.advance(1);
    return post({ ...common(userId), event_name: "user_submit_info", info });
  };
  const follow = (userId = USER) => {
    const { sender: _sender, recipient: _recipient, ...rest } = common(userId);
    return post({ ...rest, event_name: "follow", oa_id: standin.oaId, follower: { id: userId }, source: "oa_profile" });
  };

  /** The texts the user read; the "more choices" messages only carry buttons past Zalo's five. */
  const texts = (userId = USER) => standin.sent(userId).flatMap((m) => (m.text === undefined || MORE_CHOICES.test(m.text) ? [] : [m.text]));
  const last = (userId = USER) => texts(userId).at(-1) ?? "";
  let mark = 0;
  const since = (userId = USER) => {
    const all = texts(userId);
    const fresh = all.slice(mark).join("\n---\n");
    mark = all.length;
    return fresh;
  };
  /** The choice ids under the last message with buttons (and its "more choices" follow-ups). */
  const buttonsOfLast = (userId = USER) => {
    const sent = standin.sent(userId).filter((m) => m.text !== undefined);
    let i = sent.length - 1;
    while (i > 0 && MORE_CHOICES.test(sent[i]?.text ?? "")) i--;
    return sent
      .slice(i)
      .flatMap((m) => m.buttons ?? [])
      .map((b) => String(b.payload).replace(/^#hotro:/, ""));
  };
  const healthz = async () => (await app.server.inject({ method: "GET", url: "/healthz" })).json();

  return {
    app,
    db,
    clock,
    standin,
    policy,
    dataDir,
    pair: () => pair,
    connect,
    post,
    settle,
    say,
    press,
    submitInfo,
    follow,
    textEvent,
    texts,
    last,
    since,
    buttonsOfLast,
    healthz,
  };
}

export type ZaloHarness = Awaited<ReturnType<typeof zaloHarness>>;
