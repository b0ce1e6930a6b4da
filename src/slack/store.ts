import type { Database } from "../db/database.js";
import { HOME_FRESH_FOR_MS, type HomeWatchers } from "./home-watchers.js";

/**
 * The Slack app's own table: the messages it posted and keeps up to date (SlackMessageRef): a
 * ticket's card in each channel ("card:<ticketId>:<channel>") and each channel's pinned Claim next
 * ("pin:<channel>").
 */
export interface MessageRef {
  key: string;
  ticketId: string | null;
  channel: string;
  ts: string;
  digest: string | null;
}

export const cardKey = (ticketId: string, channel: string) => `card:${ticketId}:${channel}`;
export const pinKey = (channel: string) => `pin:${channel}`;

export function createSlackStore(db: Database) {
  const refs = db.prisma.slackMessageRef;
  const select = { key: true, ticketId: true, channel: true, ts: true, digest: true } as const;
  return {
    /** A ticket's cards, the first posted first. */
    cardsOf: (ticketId: string): Promise<MessageRef[]> =>
      refs.findMany({ where: { ticketId, key: { startsWith: "card:" } }, orderBy: { createdAt: "asc" }, select }),
    /** The card a thread hangs under, if that message is one of our cards. */
    cardAt: (channel: string, ts: string): Promise<MessageRef | null> =>
      refs.findFirst({ where: { channel, ts, key: { startsWith: "card:" } }, select }),
    /** Remembers where a message was posted (or posted again) and what it showed. */
    posted: async (ref: MessageRef): Promise<void> => {
      const { key, ...fields } = ref;
      await refs.upsert({ where: { key }, create: ref, update: fields });
    },
    updated: async (key: string, digest: string): Promise<void> => {
      await refs.update({ where: { key }, data: { digest } });
    },
    find: (key: string): Promise<MessageRef | null> => refs.findUnique({ where: { key }, select }),
  };
}

export type SlackStore = ReturnType<typeof createSlackStore>;

/** App Home watchers (HomeWatchers) in the SlackHomeWatcher table. */
export function createHomeWatchers(db: Database, freshForMs = HOME_FRESH_FOR_MS): HomeWatchers {
  const watchers = db.prisma.slackHomeWatcher;
  return {
    async opened(slackUserId, departments, at) {
      // Stale watchers are dropped here, when someone opens Home, not on every ticket change.
      await watchers.deleteMany({ where: { openedAt: { lt: new Date(at.getTime() - freshForMs) } } });
      await watchers.upsert({
        where: { slackUserId },
        create: { slackUserId, departments, shown: [], openedAt: at },
        update: { departments, openedAt: at },
      });
    },
    async published(slackUserId, shown, digest) {
      await watchers.updateMany({ where: { slackUserId }, data: { shown, digest } });
    },
    async digestOf(slackUserId) {
      return (await watchers.findUnique({ where: { slackUserId }, select: { digest: true } }))?.digest;
    },
    async concernedBy(ticket, now) {
      const since = new Date(now.getTime() - freshForMs);
      const concerned = await watchers.findMany({
        where: {
          openedAt: { gte: since },
          OR: [
            { shown: { has: ticket.id } },
            { departments: { has: ticket.departmentId } },
            ...(ticket.claimerSlackUserId ? [{ slackUserId: ticket.claimerSlackUserId }] : []),
          ],
        },
        select: { slackUserId: true },
        orderBy: { slackUserId: "asc" },
      });
      return concerned.map((watcher) => watcher.slackUserId);
    },
  };
}
