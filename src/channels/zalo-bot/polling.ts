import { setTimeout as sleep } from "node:timers/promises";
import type { InboundLog } from "../../inbound/inbound-log.js";
import { type BackoffPolicy, backoffMs } from "../../kernel/backoff.js";
import type { AsLeader } from "../../kernel/leadership.js";
import type { Logger } from "../../kernel/logger.js";
import type { ComponentHealth } from "../../server/health.js";
import { type ZaloBotApi, ZaloBotError } from "./api.js";
import { readZaloBotUpdate, zaloBotDedupKey } from "./updates.js";
import { ZALO_BOT_SOURCE } from "./webhook.js";

const RETRY_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 60_000 };

/**
 * ZALO_BOT_MODE=polling: getUpdates answers one update per call, or 408 when none came before the
 * timeout (normal: poll again). Each update is recorded in the inbound log, as the webhook does;
 * errors wait with backoff; 401 stops polling with an alert. One instance polls at a time.
 */
export function createZaloBotPoller(deps: {
  api: ZaloBotApi;
  inbound: InboundLog;
  logger: Logger;
  health: ComponentHealth;
  asLeader?: AsLeader;
  timeoutSeconds?: number;
}) {
  const controller = new AbortController();
  let running: Promise<void> | undefined;

  async function loop() {
    let failures = 0;
    while (!controller.signal.aborted) {
      try {
        const result = await deps.api.call("getUpdates", { timeout: String(deps.timeoutSeconds ?? 30) }, controller.signal);
        const update = readZaloBotUpdate(result);
        if (update) await deps.inbound.record(ZALO_BOT_SOURCE, zaloBotDedupKey(update), update);
        else if (result !== undefined) deps.logger.warn("zalo bot getUpdates answered an unreadable update");
        failures = 0;
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof ZaloBotError && error.code === 408) continue;
        if (error instanceof ZaloBotError && error.code === 401) {
          const reason = "Zalo refused the bot token (401): polling is stopped. Set ZALO_BOT_TOKEN from Zalo Bot Creator and restart.";
          deps.logger.error(reason);
          deps.health.down(reason);
          return;
        }
        const retryInMs = backoffMs(++failures, RETRY_BACKOFF, Math.random);
        deps.logger.warn({ err: error, retryInMs }, "zalo bot getUpdates failed");
        await sleep(retryInMs, undefined, { signal: controller.signal }).catch(() => undefined);
      }
    }
  }

  return {
    start() {
      running = deps.asLeader ? deps.asLeader("zalo-bot-polling", controller.signal, loop) : loop();
    },
    async stop() {
      controller.abort();
      await running?.catch(() => undefined);
    },
  };
}
