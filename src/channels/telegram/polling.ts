import { type Api, GrammyError } from "grammy";
import type { InboundLog } from "../../inbound/inbound-log.js";
import type { Logger } from "../../kernel/logger.js";
import { ALLOWED_UPDATES } from "./updates.js";

export interface Poller {
  start(): void;
  stop(): Promise<void>;
}

/**
 * TELEGRAM_MODE=polling: a getUpdates long-poll loop that records each update in the inbound log
 * (the same path as the webhook) and confirms it with the next offset only once it is recorded.
 */
export function createPoller(deps: { api: Api; inbound: InboundLog; logger: Logger; timeoutSeconds?: number }): Poller {
  const controller = new AbortController();
  let offset = 0;
  let running: Promise<void> | undefined;

  async function loop() {
    let failures = 0;
    while (!controller.signal.aborted) {
      try {
        const updates = await deps.api.getUpdates(
          { offset, timeout: deps.timeoutSeconds ?? 25, allowed_updates: [...ALLOWED_UPDATES] },
          // grammY types its own AbortSignal shim; the platform's is what it uses at run time.
          controller.signal as Parameters<Api["getUpdates"]>[1],
        );
        for (const update of updates) {
          await deps.inbound.record("telegram", String(update.update_id), update);
          offset = update.update_id + 1;
        }
        failures = 0;
      } catch (error) {
        if (controller.signal.aborted) return;
        failures++;
        const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
        const waitMs = retryAfter !== undefined ? retryAfter * 1000 : Math.min(1000 * 2 ** failures, 60_000);
        deps.logger.warn({ err: error, waitMs }, "telegram getUpdates failed");
        await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
      }
    }
  }

  return {
    start() {
      running ??= loop();
    },
    async stop() {
      controller.abort();
      await running;
    },
  };
}
