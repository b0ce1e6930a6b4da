import { renderMessage } from "../../conversation/index.js";
import type { Translator } from "../../i18n/i18n.js";
import type { OutboundMessage } from "../../kernel/outbound.js";
import type { StoredFile } from "../../kernel/stored-file.js";
import type { WebchatStore } from "./store.js";

/**
 * A visitor's messages, read from the store (store.ts) in `seq` order; the hub only says "something
 * new for this visitor" to the open streams.
 */

export const CHANNEL = "webchat";
export const destinationFor = (visitorId: string) => `${CHANNEL}:${visitorId}`;
const PAGE = 100;
const isWebLink = (url: string) => /^https?:\/\//.test(url);

export interface FeedMessage {
  seq: number;
  /** "message" from the bot, "reply" written by staff. */
  kind: string;
  text: string;
  buttons: { id: string; label: string }[][];
  /** Pages the widget opens from a button (the ticket's page). */
  links: { label: string; url: string }[];
  at: string;
}

export function createFeed(deps: {
  store: WebchatStore;
  translator: Promise<Translator>;
  /** Our signed link for a stored file: staff replies' attachments are shown as links. */
  fileLink?: (file: StoredFile) => string;
}) {
  const listeners = new Map<string, Set<() => void>>();
  // Whichever instance stored the message, the streams open on this one hear of it.
  const unsubscribe = deps.store.onWake((visitorId) => {
    for (const listener of listeners.get(visitorId) ?? []) listener();
  });

  async function read(visitorId: string, after = 0): Promise<FeedMessage[]> {
    const rows = await deps.store.sentTo(destinationFor(visitorId), after, PAGE);
    const t = await deps.translator;
    return rows.flatMap((row) => {
      const message = (row.payload as { message?: OutboundMessage } | null)?.message;
      if (!message) return [];
      const linked = message.attachments?.map((file) => (file.url || !deps.fileLink ? file : { ...file, url: deps.fileLink(file) }));
      const rendered = renderMessage(t, linked ? { ...message, attachments: linked } : message, { buttons: true, linkButtons: isWebLink });
      const { text, buttons, linkButtons: links } = rendered;
      return [{ seq: row.seq, kind: row.kind, text, buttons, links, at: row.createdAt.toISOString() }];
    });
  }

  function subscribe(visitorId: string, listener: () => void): () => void {
    const set = listeners.get(visitorId) ?? new Set();
    set.add(listener);
    listeners.set(visitorId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) listeners.delete(visitorId);
    };
  }

  /** Tells every instance that the visitor has something new. */
  async function notify(visitorId: string): Promise<void> {
    await deps.store.wake(visitorId);
  }

  return { read, subscribe, notify, close: unsubscribe, listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) };
}

export type Feed = ReturnType<typeof createFeed>;
