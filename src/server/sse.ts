import type { FastifyInstance, FastifyReply } from "fastify";

const HEARTBEAT_MS = 25_000;

export interface EventStream {
  /** Writes one event; `id` lets the browser resume (Last-Event-ID) after a reconnect. */
  send(event: string, data: unknown, id?: number | string): void;
  /** Ends the stream (the browser reconnects on its own unless the page is gone). */
  close(): void;
  /** Runs `cleanup` once when the stream ends, from either side. */
  onClose(cleanup: () => void): void;
}

/**
 * A Server-Sent Events response: takes the reply over from Fastify, keeps proxies from buffering
 * it, pings now and then so idle connections stay open, and tells the browser to retry after 2 s.
 * `headers` are the ones Fastify's hooks set so far (security headers): a hijacked reply skips them.
 */
export function openEventStream(reply: FastifyReply, headers: Record<string, string>): EventStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...headers,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  raw.write("retry: 2000\n\n");
  const cleanups: (() => void)[] = [];
  let closed = false;
  const heartbeat = setInterval(() => raw.write(": ping\n\n"), HEARTBEAT_MS);
  heartbeat.unref();
  const end = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const cleanup of cleanups) cleanup();
    raw.end();
  };
  raw.on("close", end);
  return {
    send(event, data, id) {
      if (closed) return;
      raw.write(`${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close: end,
    onClose(cleanup) {
      if (closed) cleanup();
      else cleanups.push(cleanup);
    },
  };
}

/** The headers Fastify's hooks set on a reply so far, for a stream that takes the reply over. */
export function headersSoFar(reply: FastifyReply): Record<string, string> {
  return Object.fromEntries(Object.entries(reply.getHeaders()).map(([name, value]) => [name, String(value)]));
}

/** Keeps the open streams of a server so its close ends them: an open stream would keep server.close() waiting forever. */
export function closedOnShutdown(server: FastifyInstance): (stream: EventStream) => void {
  const open = new Set<EventStream>();
  server.addHook("preClose", async () => {
    for (const stream of open) stream.close();
  });
  return (stream) => {
    open.add(stream);
    stream.onClose(() => open.delete(stream));
  };
}
