import type { FastifyReply, FastifyRequest } from "fastify";

/** The console's session cookie (through @fastify/cookie): the random value whose hash keys the session row (infra/sessions.ts). */

export const SESSION_COOKIE = "hotro_console";

/** The cookie's value, if the browser sent one (a malformed one is no session: 401, never a server error). */
export function sessionCookieOf(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE] || undefined;
}

/** Sets the session cookie (an empty value with `end` clears it): HttpOnly, SameSite=Strict, only under /console. */
export function setSessionCookie(reply: FastifyReply, value: string, options: { secure: boolean; end?: boolean }): void {
  reply.setCookie(SESSION_COOKIE, value, {
    path: "/console",
    httpOnly: true,
    sameSite: "strict",
    secure: options.secure,
    ...(options.end ? { maxAge: 0 } : {}),
  });
}
