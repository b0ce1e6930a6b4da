import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { clientKey } from "../../server/client-key.js";
import { lang, secret, text } from "../../server/input.js";
import type { WebContext } from "../context.js";
import { verifyPassword } from "../passwords.js";
import { sessionCookieOf, setSessionCookie } from "../session-cookie.js";
import { addStaffAccount, checkStaffAccount } from "../staff-accounts.js";

/** Sign-in, sign-out and the first administrator's one-time setup: the routes that need no session. */
export function authRoutes(untyped: FastifyInstance, ctx: WebContext): void {
  const server = untyped.withTypeProvider<ZodTypeProvider>();
  const now = () => ctx.clock.now().getTime();

  server.post("/console/api/sign-in", { schema: { body: signInBody } }, async (request, reply) => {
    const login = request.body.login.trim().toLowerCase();
    const { password } = request.body;
    // request.ip is the real client: the TCP peer, or the forwarded client behind a trusted proxy (TRUST_PROXY).
    const attempt = { login, client: clientKey(request.ip) };
    const turn = await ctx.throttle.begin(attempt);
    const wait = turn.waitMs;
    if (wait > 0) {
      reply.header("retry-after", String(Math.ceil(wait / 1000)));
      return reply.code(429).send({ ok: false, error: "slow_down", retryAfterSeconds: Math.ceil(wait / 1000) });
    }
    const staff = login ? await ctx.tickets.staffCredentials(login) : null;
    // Always one scrypt derivation, so an unknown login answers as slowly as a wrong password.
    const good = (await verifyPassword(password, staff?.passwordHash)) && staff?.active === true;
    if (!good || !staff) {
      request.log.warn({ ip: request.ip }, "console sign-in refused");
      return reply.code(401).send({ ok: false, error: "bad_credentials" });
    }
    await turn.succeeded();
    const previous = sessionCookieOf(request);
    if (previous) await ctx.sessions.destroyByCookie(previous);
    const { session, cookie } = await ctx.sessions.create(staff.id, now());
    setSessionCookie(reply, cookie, { secure: ctx.secureCookies });
    request.log.info({ staffId: staff.id }, "console sign-in");
    return { ok: true, csrf: session.csrf };
  });

  server.get("/console/api/setup", { schema: { querystring: setupQuery } }, async (request) => {
    const { token } = request.query;
    return { ok: true, valid: (await ctx.setup.isValid(token, now())) && !(await ctx.tickets.anyStaffCanSignIn()) };
  });

  /** The one-time link: creates (or gives a password to) the first administrator, a Customer care member. */
  server.post("/console/api/setup", { schema: { body: setupBody } }, async (request, reply) => {
    const { token, login, name, password } = request.body;
    const invalid = () => reply.code(403).send({ ok: false, error: "setup_link_invalid" });
    if (!(await ctx.setup.isValid(token, now())) || (await ctx.tickets.anyStaffCanSignIn())) return invalid();
    const input = { login, name, password, departments: [ctx.policy.customerCare.department], admin: true };
    // Refusals (a short password…) leave the link usable; only a good form spends it, and only once.
    const checked = checkStaffAccount(ctx.policy, input);
    if (!checked.ok) return reply.code(422).send({ ok: false, error: checked.code, details: checked.details });
    if (!(await ctx.setup.consume(token, now()))) return invalid();
    const created = await addStaffAccount(ctx.tickets, ctx.policy, input);
    if (!created.ok) return reply.code(422).send({ ok: false, error: created.code, details: created.details });
    request.log.info({ staffId: created.value.id }, "first console administrator set up");
    return { ok: true };
  });
}

/** Missing fields are empty ones: answered by the use case (wrong credentials, a login too short), not as malformed. */
const signInBody = z.object({ login: text(100).default(""), password: secret(1000).default("") });
const setupQuery = z.object({ token: secret(200).default(""), lang });
const setupBody = z.object({
  token: secret(200).default(""),
  login: text(100).default(""),
  name: text(200).default(""),
  password: secret(1000).default(""),
});
