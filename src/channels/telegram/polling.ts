import { setTimeout as sleep } from "node:timers/promises";
import { type Api, GrammyError } from "grammy";
import type { InboundLog } from "../../inbound/inbound-log.js";
import { type BackoffPolicy, backoffMs } from "../../kernel/backoff.js";
import type { AsLeader } from "../../kernel/leadership.js";
import type { Logger } from "../../kernel/logger.js";
import type { ComponentHealth } from "../../server/health.js";
import { alertOperator, isConflict, isUnauthorized } from "./alerts.js";
import { ALLOWED_UPDATES } from "./updates.js";

export interface Poller {
  start(): void;
  /** Ends the long poll and any wait between attempts at once; resolves when the loop is done. */
  stop(): Promise<void>;
}

export interface PollerDeps {
  api: Api;
  inbound: InboundLog;
  logger: Logger;
  health: ComponentHealth;
  /** Only one instance polls (Telegram answers 409 to a second): the others stand by. */
  asLeader?: AsLeader;
  timeoutSeconds?: number;
}

/** Network errors and 5xx: 1 s, doubling, at most a minute between polls (with jitter). */
const RETRY_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 60_000 };

/** What to do after a failed getUpdates: wait this long and poll again, or stop polling. */
type Next = { retryInMs: number } | "stop";

/**
 * TELEGRAM_MODE=polling: a getUpdates long-poll loop that records each update in the inbound log
 * (the same path as the webhook) and confirms it with the next offset only once it is recorded.
 * A recorded button press is answered here, as the webhook answers it in its response: at once,
 * without waiting for the poll or the backlog.
 * Network errors and 5xx are retried with backoff, 429 after Telegram's retry_after. As in
 * grammY's bot.start, 401 (token refused) and 409 (another poller) stop polling: the operator is
 * told and /healthz turns degraded. A webhook set while we poll is deleted once, as bot.start does.
 */
export function createPoller(deps: PollerDeps): Poller {
  const { api, logger } = deps;
  const controller = new AbortController();
  // grammY types its own AbortSignal shim; the platform's is what it uses at run time.
  const signal = controller.signal as Parameters<Api["getUpdates"]>[1];
  let offset = 0;
  let webhookDeleted = false;
  let running: Promise<void> | undefined;

  async function loop() {
    let failures = 0;
    while (!controller.signal.aborted) {
      try {
        const updates = await api.getUpdates({ offset, timeout: deps.timeoutSeconds ?? 25, allowed_updates: [...ALLOWED_UPDATES] }, signal);
        for (const update of updates) {
          await deps.inbound.record("telegram", String(update.update_id), update);
          offset = update.update_id + 1;
          if (update.callback_query) answerButton(update.callback_query.id);
        }
        failures = 0;
      } catch (error) {
        if (controller.signal.aborted) return;
        const next = await afterFailure(error, ++failures);
        if (next === "stop") return;
        await sleep(next.retryInMs, undefined, { signal: controller.signal }).catch(() => undefined);
      }
    }
  }

  function answerButton(callbackQueryId: string) {
    api.answerCallbackQuery(callbackQueryId, undefined, signal).catch((error) => {
      // Too late, or the network: only the button's spinner is left running; the choice itself counts.
      if (!controller.signal.aborted) logger.warn({ err: error }, "answerCallbackQuery failed");
    });
  }

  async function afterFailure(error: unknown, failures: number): Promise<Next> {
    if (isUnauthorized(error)) {
      alertOperator({ logger, health: deps.health }, "tokenRefused", error);
      return "stop";
    }
    if (isConflict(error) && /webhook/i.test(error.description) && !webhookDeleted) {
      logger.warn({ description: error.description }, "a webhook is set while TELEGRAM_MODE=polling: deleting it");
      webhookDeleted = true;
      try {
        await api.deleteWebhook(undefined, signal);
        return { retryInMs: 0 };
      } catch (deleteError) {
        return afterFailure(deleteError, failures);
      }
    }
    if (isConflict(error)) {
      alertOperator(
        { logger, health: deps.health },
        webhookDeleted && /webhook/i.test(error.description) ? "webhookSetAgain" : "otherPoller",
        error,
      );
      return "stop";
    }
    const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
    const retryInMs = retryAfter !== undefined ? retryAfter * 1000 : backoffMs(failures, RETRY_BACKOFF, Math.random);
    logger.warn({ err: error, retryInMs }, "telegram getUpdates failed");
    return { retryInMs };
  }

  return {
    start() {
      running ??= deps.asLeader ? deps.asLeader("telegram-polling", controller.signal, loop) : loop();
    },
    async stop() {
      controller.abort();
      await running;
    },
  };
}
