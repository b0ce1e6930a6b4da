import type { Update, WebhookInfo } from "grammy/types";
import { TelegramApiError } from "./telegram-params.js";

export interface WebhookSettings {
  url: string;
  secretToken?: string;
  maxConnections?: number;
  allowedUpdates?: WebhookInfo["allowed_updates"];
}

interface Poll {
  limit: number;
  resolve(updates: Update[]): void;
  reject(error: TelegramApiError): void;
  timer: NodeJS.Timeout;
}

/** Pending updates, handed out by getUpdates (long poll) and kept until confirmed by a later offset. */
export interface UpdateQueue {
  push(update: Update): void;
  /** `onAbandon` registers a hook the caller runs if its HTTP client goes away mid-poll. */
  poll(request: { offset?: number; limit?: number; timeoutSeconds?: number }, onAbandon: (cancel: () => void) => void): Promise<Update[]>;
  drop(): void;
  pendingCount(): number;
  webhook: WebhookSettings | undefined;
  webhookInfo(): WebhookInfo;
  close(): void;
}

export function createUpdateQueue(): UpdateQueue {
  let pending: Update[] = [];
  let waiting: Poll | undefined;

  const finish = (poll: Poll, outcome: Update[] | TelegramApiError) => {
    clearTimeout(poll.timer);
    if (waiting === poll) waiting = undefined;
    if (outcome instanceof TelegramApiError) poll.reject(outcome);
    else poll.resolve(outcome);
  };

  const queue: UpdateQueue = {
    webhook: undefined,
    push(update) {
      pending.push(update);
      pending.sort((a, b) => a.update_id - b.update_id);
      if (waiting) finish(waiting, pending.slice(0, waiting.limit));
    },
    poll({ offset, limit = 100, timeoutSeconds = 0 }, onAbandon) {
      if (queue.webhook) {
        throw new TelegramApiError(
          409,
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        );
      }
      confirm(offset);
      // A second poller ends the first one, as Telegram does.
      if (waiting)
        finish(
          waiting,
          new TelegramApiError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"),
        );
      const capped = Math.min(Math.max(limit, 1), 100);
      if (pending.length > 0 || timeoutSeconds <= 0) return Promise.resolve(pending.slice(0, capped));
      return new Promise((resolve, reject) => {
        const poll: Poll = { limit: capped, resolve, reject, timer: setTimeout(() => finish(poll, []), timeoutSeconds * 1000) };
        waiting = poll;
        onAbandon(() => {
          clearTimeout(poll.timer);
          if (waiting === poll) waiting = undefined;
        });
      });
    },
    drop() {
      pending = [];
    },
    pendingCount: () => pending.length,
    webhookInfo() {
      const hook = queue.webhook;
      const info: WebhookInfo = { url: hook?.url ?? "", has_custom_certificate: false, pending_update_count: pending.length };
      if (hook?.maxConnections !== undefined) info.max_connections = hook.maxConnections;
      if (hook?.allowedUpdates !== undefined) info.allowed_updates = hook.allowedUpdates;
      return info;
    },
    close() {
      if (waiting) finish(waiting, []);
    },
  };

  /** A positive offset confirms every update below it; a negative one keeps only the last |offset|. */
  function confirm(offset: number | undefined) {
    if (offset === undefined || offset === 0) return;
    pending = offset > 0 ? pending.filter((update) => update.update_id >= offset) : pending.slice(offset);
  }

  return queue;
}
