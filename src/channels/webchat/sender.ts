import { DeliveryError, type OutboxRow, type Sender } from "../../delivery/outbox.js";
import type { Clock } from "../../kernel/clock.js";
import type { Feed } from "./feed.js";
import type { WebchatStore } from "./store.js";

/**
 * Delivering to the web chat is storing for the widget: the row itself is what the widget reads, so
 * the sender marks it sent (the widget's feed shows sent rows; R3.3 needs a reply marked sent before
 * Resolve), then wakes the visitor's open streams. The worker marks it sent again: harmless.
 */
export function createWebchatSender(deps: { store: WebchatStore; clock: Clock; feed: Feed }): Sender {
  return {
    async send(row: OutboxRow) {
      if (row.kind !== "message" && row.kind !== "reply")
        throw new DeliveryError("permanent", `unknown web chat outbox kind "${row.kind}"`);
      const visitorId = row.destination.slice(row.destination.indexOf(":") + 1);
      if (!visitorId || !(row.payload as { message?: unknown }).message)
        throw new DeliveryError("permanent", "web chat outbox row without a visitor or a message");
      const platformMessageId = `webchat:${row.seq}`;
      await deps.store.markSent(row.id, platformMessageId, deps.clock.now());
      await deps.feed.notify(visitorId);
      return { platformMessageId };
    },
  };
}
