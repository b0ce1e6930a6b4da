import type { Database } from "../../db/database.js";

/**
 * The web chat's messages are outbox rows to "webchat:<visitorId>": delivering one is marking it
 * sent, and the widget reads the sent ones in `seq` order (seq is monotonic, so a reconnect with
 * `after=<last seen seq>` loses nothing).
 */
export function createWebchatStore(db: Database) {
  const outbox = db.prisma.outboxMessage;
  return {
    /** The messages sent to a destination after `after`, oldest first. */
    sentTo: (destination: string, after: number, take: number) =>
      outbox.findMany({
        where: { destination, channel: "webchat", status: "sent", seq: { gt: after } },
        orderBy: { seq: "asc" },
        take,
        select: { seq: true, kind: true, payload: true, createdAt: true },
      }),
    /** Delivered: the widget can read it from now on. */
    markSent: async (rowId: string, platformMessageId: string, now: Date) => {
      await outbox.update({
        where: { id: rowId },
        data: { status: "sent", sentAt: now, platformMessageId, leaseUntil: null, lastError: null },
      });
    },
    /** Tells every instance that a visitor has something new. */
    wake: (visitorId: string) => db.signals.publish("webchat", visitorId),
    /** Hears `wake` from any instance, this one included. */
    onWake: (listener: (visitorId: string) => void) => db.signals.subscribe("webchat", listener),
  };
}

export type WebchatStore = ReturnType<typeof createWebchatStore>;
