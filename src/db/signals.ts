import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { backoffMs } from "../kernel/backoff.js";

/**
 * "Something changed" said to every instance on the database (PostgreSQL LISTEN/NOTIFY): a reply
 * stored by one instance wakes the web chat stream a visitor holds open on another. A signal carries
 * a short text (an id), never data: listeners read what changed from the database.
 */
export interface Signals {
  publish(topic: string, text: string): Promise<void>;
  /** Calls `listener` for every signal on `topic`, from any instance, this one included. */
  subscribe(topic: string, listener: (text: string) => void): () => void;
  close(): Promise<void>;
}

type Listeners = Map<string, Set<(text: string) => void>>;

function channelOf(topic: string): string {
  // LISTEN takes an identifier, not a parameter: topics are our own lower-case names.
  if (!/^[a-z][a-z_]*$/.test(topic)) throw new Error(`invalid signal topic "${topic}"`);
  return `hotro_${topic}`;
}

function dispatch(listeners: Listeners, channel: string, text: string) {
  for (const listener of listeners.get(channel) ?? []) listener(text);
}

function addListener(listeners: Listeners, channel: string, listener: (text: string) => void, onFirst: () => void) {
  const set = listeners.get(channel) ?? new Set();
  if (!listeners.has(channel)) {
    listeners.set(channel, set);
    onFirst();
  }
  set.add(listener);
  return () => set.delete(listener);
}

/** PGlite: one process holds the database, so this instance is every instance. */
export function localSignals(): Signals {
  const listeners: Listeners = new Map();
  return {
    async publish(topic, text) {
      const channel = channelOf(topic);
      // Later, as a notification would arrive: a listener never runs inside the publisher's call.
      setImmediate(() => dispatch(listeners, channel, text));
    },
    subscribe(topic, listener) {
      return addListener(listeners, channelOf(topic), listener, () => undefined);
    },
    async close() {},
  };
}

/**
 * PostgreSQL: publishing goes through the pool; listening holds one connection of its own,
 * reconnected with backoff when it drops (signals sent meanwhile are missed: listeners also poll).
 */
export function postgresSignals(pool: pg.Pool, url: string): Signals {
  const listeners: Listeners = new Map();
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let failures = 0;
  // close() ends the wait between reconnection attempts at once: a stopping server never waits for it.
  const closing = new AbortController();

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (n) => dispatch(listeners, n.channel, n.payload ?? ""));
    next.on("error", () => reconnect());
    try {
      await next.connect();
      for (const channel of listeners.keys()) await next.query(`LISTEN ${channel}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    if (closing.signal.aborted) {
      await next.end().catch(() => undefined); // closed while connecting
      return;
    }
    client = next;
    failures = 0;
  }

  function reconnect() {
    const old = client;
    client = undefined;
    void old?.end().catch(() => undefined);
    if (closing.signal.aborted || connecting) return;
    connecting = (async () => {
      while (!closing.signal.aborted && !client) {
        await connect().catch(async () => {
          failures++;
          await sleep(backoffMs(failures, { baseMs: 500, maxMs: 30_000 }), undefined, { signal: closing.signal }).catch(() => undefined);
        });
      }
    })().finally(() => {
      connecting = undefined;
    });
  }

  /** LISTEN on the current connection (twice is harmless: a connection made meanwhile listens to every channel). */
  async function listen(channel: string) {
    if (!client) {
      reconnect();
      await connecting;
    }
    await client?.query(`LISTEN ${channel}`).catch(() => reconnect());
  }

  return {
    async publish(topic, text) {
      await pool.query("SELECT pg_notify($1, $2)", [channelOf(topic), text]);
    },
    subscribe(topic, listener) {
      const channel = channelOf(topic);
      return addListener(listeners, channel, listener, () => void listen(channel));
    },
    async close() {
      closing.abort();
      await connecting;
      await client?.end().catch(() => undefined);
    },
  };
}
