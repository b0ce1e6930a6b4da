import type { FastifyReply } from "fastify";
import type { Logger } from "../../kernel/logger.js";
import { openEventStream } from "../../server/sse.js";
import type { Feed, FeedMessage } from "./feed.js";

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

  const stream = openEventStream(reply, deps.headers);
  const write = (message: FeedMessage) => {
    stream.send("message", message, message.seq);
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
  const recheck = setInterval(pull, RECHECK_MS);
  recheck.unref();
  stream.onClose(() => {
    closed = true;
    unsubscribe();
    clearInterval(recheck);
  });
  pull();
  return stream.close;
}
