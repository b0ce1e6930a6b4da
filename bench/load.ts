import http from "node:http";
import type { Update } from "grammy/types";

/** Posts Telegram updates to a webhook with its secret header, over kept-alive connections as Telegram does. */
export interface Poster {
  /** The HTTP status, or 0 when the connection failed or timed out. */
  post(update: Update): Promise<number>;
  close(): void;
}

export function createPoster(options: { url: string; secret: string; connections: number }): Poster {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  return {
    post(update) {
      const body = Buffer.from(JSON.stringify(update));
      return new Promise((resolve) => {
        const request = http.request(
          {
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: "POST",
            agent,
            headers: {
              "content-type": "application/json",
              "content-length": body.length,
              "x-telegram-bot-api-secret-token": options.secret,
            },
          },
          (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode ?? 0));
            response.on("error", () => resolve(0));
          },
        );
        // Telegram gives up on a webhook after a while too; a hung request must not hang the bench.
        request.setTimeout(30_000, () => request.destroy());
        request.on("error", () => resolve(0));
        request.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

/** How hard to push: a fixed offered rate (open loop), or as fast as `inFlight` allows when `rate` is absent. */
export interface Pace {
  rate?: number;
  durationMs: number;
  /** Stops earlier once this many were sent (keeps a saturation backlog small enough to drain in time). */
  maxCount: number;
  inFlight: number;
}

/**
 * Calls `send` on the pace's schedule, never with more than `inFlight` calls pending. At a fixed rate
 * `dueAt` is when the call should have started: latencies measured from it include any wait for a
 * free slot, so a slow server cannot hide its stalls by slowing the generator down (coordinated
 * omission).
 */
export async function drive(pace: Pace, send: (dueAt: number) => Promise<void>): Promise<{ sent: number; elapsedMs: number }> {
  const start = performance.now();
  const end = start + pace.durationMs;
  const pending = new Set<Promise<void>>();
  let sent = 0;
  while (sent < pace.maxCount) {
    const scheduled = pace.rate ? start + (sent * 1000) / pace.rate : undefined;
    if ((scheduled ?? performance.now()) >= end) break;
    if (scheduled) await sleep(scheduled - performance.now());
    while (pending.size >= pace.inFlight) await Promise.race(pending);
    // At saturation an update is due when a slot frees: latency is the server's alone.
    const call = send(scheduled ?? performance.now()).finally(() => pending.delete(call));
    pending.add(call);
    sent++;
  }
  await Promise.all(pending);
  return { sent, elapsedMs: performance.now() - start };
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
