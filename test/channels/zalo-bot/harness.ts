import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "../../../src/app.js";
import { parseEnv } from "../../../src/config/env.js";
import { startZaloBotStandin } from "../../standins/zalo-bot-standin.js";
import { loadDefaultPolicy } from "../../support/default-policy.js";
import { FakeClock } from "../../support/fake-clock.js";
import { silentLogger } from "../../support/logger.js";
import { createTestDatabase } from "../../support/test-db.js";

export const SECRET = "zalo-bot-secret-1";
export const CHAT = "c0ffee0123456789abcd";

/**
 * The whole product on a fresh database with the Zalo Bot channel pointed at the stand-in (webhook
 * mode unless `env` says otherwise). Every update goes through the real webhook route; processing
 * and delivery run when the test says. `close()` stops the app and the stand-in.
 */
export async function zaloBotHarness(env: Record<string, string> = {}) {
  const clock = new FakeClock("2026-11-25T02:00:00Z"); // 09:00 Wednesday in Hanoi
  const standin = await startZaloBotStandin({ clock });
  const dataDir = mkdtempSync(path.join(tmpdir(), "hotro-zalo-bot-"));
  const parsed = parseEnv({
    ZALO_BOT_TOKEN: standin.token,
    ZALO_BOT_API_ROOT: standin.apiRoot,
    ZALO_BOT_WEBHOOK_SECRET: SECRET,
    DATA_DIR: dataDir,
    OUTBOUND_PACE: "off",
    ...env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const db = await createTestDatabase();
  const app = await createApp(
    { env: parsed.env, policy: await loadDefaultPolicy(), db, clock, logger: silentLogger },
    { zaloBot: { pollTimeoutSeconds: 1 } },
  );
  const settle = async () => {
    await app.inbound.processDue();
    await app.delivery.deliverDue();
  };
  const post = async (body: unknown, headers: Record<string, string> = { "x-bot-api-secret-token": SECRET }) => {
    const response = await app.server.inject({ method: "POST", url: "/webhooks/zalo-bot", headers, payload: body as object });
    await settle();
    return response;
  };
  const say = (text: string) => post(standin.textUpdate(text));
  const texts = () => standin.sent(CHAT).flatMap((m) => (m.text ? [m.text] : []));
  const last = () => texts().at(-1) ?? "";
  const close = async () => {
    await app.stop();
    await standin.close();
  };
  return { app, db, clock, dataDir, standin, post, say, texts, last, settle, close };
}

export type ZaloBotHarness = Awaited<ReturnType<typeof zaloBotHarness>>;
