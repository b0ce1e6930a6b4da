import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { WebContext } from "../context.js";
import type { Session } from "../infra/sessions.js";
import { sessionCookieOf } from "../session-cookie.js";

const sessionOfRequest = new WeakMap<FastifyRequest, Session>();

/** The request's session; only called in routes behind `requireSession`. */
export function sessionOf(request: FastifyRequest): Session {
  const session = sessionOfRequest.get(request);
  if (!session) throw new Error("route is not behind requireSession");
  return session;
}

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Every route in this scope needs a live session (401 otherwise) and every state change carries the
 * session's CSRF token in `x-csrf-token` (403 otherwise). SameSite=Strict already keeps the cookie
 * off cross-site requests; the token is the second lock.
 */
export function requireSession(scope: FastifyInstance, ctx: WebContext): void {
  // Before validation: whoever has no session learns nothing about what a route accepts.
  scope.addHook("preValidation", async (request, reply) => {
    const session = await ctx.sessions.get(sessionCookieOf(request), ctx.clock.now().getTime());
    if (!session) return reply.code(401).send({ ok: false, error: "not_signed_in" });
    if (request.method !== "GET" && request.method !== "HEAD") {
      const token = request.headers["x-csrf-token"];
      if (typeof token !== "string" || !sameToken(token, session.csrf)) return reply.code(403).send({ ok: false, error: "csrf" });
    }
    const staff = await ctx.tickets.staffMember(session.staffId);
    if (!staff?.active) {
      await ctx.sessions.destroy(session.id);
      return reply.code(401).send({ ok: false, error: "not_signed_in" });
    }
    sessionOfRequest.set(request, session);
    return undefined;
  });
}
