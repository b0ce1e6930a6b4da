import type { FastifyInstance } from "fastify";
import { type EventStream, headersSoFar, openEventStream } from "../../server/sse.js";
import type { WebContext } from "../context.js";
import { sessionCookieOf } from "../session-cookie.js";
import { sessionOf } from "./guard.js";
import { scopedChanges } from "./live-scope.js";

/** How often an open stream checks that its session still stands (signed out, password reset, deactivated). */
const SESSION_RECHECK_MS = 30_000;

/**
 * `GET /console/api/events`: the console's live updates by push. Each event names the tickets that
 * changed (`null`: too many to list), only those the reader may see (R4.1), and nothing else about
 * them; the page re-reads, through its own scoped reads, only the part of the screen that shows them.
 * The stream ends when the session does.
 */
export function liveRoutes(scope: FastifyInstance, ctx: WebContext, track: (stream: EventStream) => void): void {
  scope.get("/console/api/events", async (request, reply) => {
    const stream = openEventStream(reply, headersSoFar(reply));
    track(stream);
    stream.send("ready", {});
    const changed = scopedChanges(ctx.tickets, sessionOf(request).staffId, {
      send: (ticketIds) => stream.send("tickets", { ticketIds }),
      end: () => stream.close(),
    });
    const unsubscribe = ctx.live.subscribe(changed);
    const cookie = sessionCookieOf(request);
    const recheck = setInterval(async () => {
      const session = await ctx.sessions.get(cookie, ctx.clock.now().getTime()).catch(() => undefined);
      if (!session) stream.close();
    }, SESSION_RECHECK_MS);
    recheck.unref();
    stream.onClose(() => {
      unsubscribe();
      clearInterval(recheck);
    });
    return reply;
  });
}
