import type { FastifyReply } from "fastify";
import type { Logger } from "../../kernel/logger.js";
import type { Feed, FeedMessage } from "./feed.js";

const HEARTBEAT_MS = 25_000;
/** Another instance may have delivered the row: look at the database now and then, not only when woken. */
const RECHECK_MS = 5_000;

/**
 * One Server-Sent Events stream: the backlog after `after`, then every new message as it is
 * delivered. Each event's id is the message's seq, so the browser's automatic reconnect
 * (Last-Event-ID) resumes exactly where it stopped.
 */
export function openStream(
  reply: FastifyReply,
  deps: { feed: Feed; logger: Logger; visitorId: string; after: number; headers: Record<string, string> },
): () => void {
  const { feed, visitorId } = deps;
  let last = deps.after;
  let pulling: Promise<void> | undefined;
  let again = false;
  let closed = false;

  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...deps.headers,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  raw.write("retry: 2000\n\n");

  const write = (message: FeedMessage) => {
    raw.write(`id: ${message.seq}\nevent: message\ndata: ${JSON.stringify(message)}\n\n`);
    last = message.seq;
  };

  async function pullLoop(): Promise<void> {
    do {
      again = false;
      for (;;) {
        const messages = await feed.read(visitorId, last);
        if (closed) return;
        for (const message of messages) write(message);
        if (messages.length === 0) break;
      }
    } while (again && !closed);
  }

  function pull() {
    if (closed) return;
    if (pulling) {
      again = true;
      return;
    }
    pulling = pullLoop()
      .catch((error) => deps.logger.warn({ err: error }, "web chat stream read failed"))
      .finally(() => {
        pulling = undefined;
      });
  }

  const unsubscribe = feed.subscribe(visitorId, pull);
  const heartbeat = setInterval(() => raw.write(": ping\n\n"), HEARTBEAT_MS);
  const recheck = setInterval(pull, RECHECK_MS);
  heartbeat.unref();
  recheck.unref();

  function close() {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(heartbeat);
    clearInterval(recheck);
    raw.end();
  }
  raw.on("close", close);
  pull();
  return close;
}
