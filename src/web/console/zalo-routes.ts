import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Language } from "../../kernel/language.js";
import type { ZaloConsentOutcome } from "../../modules.js";
import { secret } from "../../server/input.js";
import type { WebContext } from "../context.js";
import { escapeHtml as e, languageOf, PAGE_SECURITY, sendRefusal, shortPage } from "../http.js";
import { publicBase } from "../ticket-links.js";
import { sessionOf } from "./guard.js";

/** Where Zalo sends the admin's browser back; the same URL goes in the app's "Official Account Callback URL". */
export const ZALO_CALLBACK_PATH = "/console/zalo/callback";
/**
 * Ties the callback to the browser that began the consent. SameSite=Lax: Zalo's redirect is a
 * top-level navigation from another site, which a Strict cookie (the console session's) would miss.
 */
const CONSENT_COOKIE = "hotro_zalo_consent";

export const zaloCallbackUrl = (ctx: Pick<WebContext, "env">) => `${publicBase(ctx.env)}${ZALO_CALLBACK_PATH}`;

/**
 * The Zalo OA's connection in the console: its state for Customer care, and the OAuth v4 consent
 * (PKCE) that Customer care administrators start. The code_verifier never leaves the server.
 */
export function zaloConsoleRoutes(scope: FastifyInstance, ctx: WebContext): void {
  const lang = (request: FastifyRequest) => languageOf(request, ctx.defaultLanguage);
  /** The staff member when in Customer care (and an administrator when asked); the refusal is sent otherwise. */
  const careStaff = async (request: FastifyRequest, reply: FastifyReply, admin: boolean): Promise<string | null> => {
    const staffId = sessionOf(request).staffId;
    const staff = await ctx.tickets.staffMember(staffId);
    if (!staff?.departments.includes(ctx.policy.customerCare.department)) {
      await sendRefusal(reply, ctx.t, lang(request), { code: "not_customer_care" });
      return null;
    }
    if (admin && !staff.admin) {
      await sendRefusal(reply, ctx.t, lang(request), { code: "not_admin" });
      return null;
    }
    return staffId;
  };

  scope.get("/console/api/zalo", async (request, reply) => {
    if (!(await careStaff(request, reply, false))) return reply;
    const connection = ctx.zaloConnection;
    if (!connection) return { ok: true, enabled: false };
    return { ok: true, enabled: true, callbackUrl: zaloCallbackUrl(ctx), status: await connection.status() };
  });

  scope.post("/console/api/zalo/connect", async (request, reply) => {
    const staffId = await careStaff(request, reply, true);
    if (!staffId) return reply;
    if (!ctx.zaloConnection) return sendRefusal(reply, ctx.t, lang(request), { code: "zalo_off" });
    const browserKey = randomBytes(24).toString("base64url");
    const { url } = await ctx.zaloConnection.begin({ staffId, language: lang(request), browserKey, redirectUri: zaloCallbackUrl(ctx) });
    reply.setCookie(CONSENT_COOKIE, browserKey, {
      path: ZALO_CALLBACK_PATH,
      httpOnly: true,
      sameSite: "lax",
      secure: ctx.secureCookies,
      maxAge: 600,
    });
    request.log.info({ staffId }, "zalo consent started");
    return { ok: true, url };
  });
}

/** Zalo's redirect after the admin's Allow: `code`, `oa_id` and our `state`. Other fields are Zalo's own. */
const callbackQuery = z.object({
  code: secret(2000).optional(),
  state: secret(200).optional(),
  oa_id: z.string().max(40).optional(),
});

/**
 * `GET /console/zalo/callback`: outside the session's scope (the Strict session cookie does not come
 * with a cross-site redirect); the state, taken once, and the browser cookie stand for the admin who
 * began. Answers a small page with the outcome and a link back to the console.
 */
export function zaloCallbackRoute(untyped: FastifyInstance, ctx: WebContext): void {
  const server = untyped.withTypeProvider<ZodTypeProvider>();
  server.get(ZALO_CALLBACK_PATH, { ...PAGE_SECURITY, schema: { querystring: callbackQuery } }, async (request, reply) => {
    const { code, state, oa_id: oaId } = request.query;
    const browserKey = request.cookies[CONSENT_COOKIE] ?? "";
    // The cookie has done its work whatever the outcome.
    reply.clearCookie(CONSENT_COOKIE, { path: ZALO_CALLBACK_PATH });
    const connection = ctx.zaloConnection;
    const outcome: ZaloConsentOutcome =
      connection && state
        ? await connection.complete({ state, browserKey, ...(code ? { code } : {}), ...(oaId ? { oaId } : {}) })
        : { ok: false, reason: "unknown_state" };
    const language = outcome.language ?? ctx.defaultLanguage;
    if (outcome.ok) request.log.info({ staffId: outcome.staffId }, "zalo OA connected");
    else request.log.warn({ reason: outcome.reason, detail: outcome.ok ? undefined : outcome.detail }, "zalo consent not completed");
    return reply
      .code(outcome.ok ? 200 : 400)
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8")
      .send(callbackPage(ctx, language, outcome));
  });
}

function callbackPage(ctx: Pick<WebContext, "t" | "policy">, language: Language, outcome: ZaloConsentOutcome): string {
  const t = (key: string, vars?: Record<string, unknown>) => ctx.t.t(language, `web:console.zalo.${key}`, vars);
  const title = outcome.ok ? t("connectedTitle") : t("failedTitle");
  const text = outcome.ok ? t("connectedText") : t(`failed.${outcome.reason}`, { detail: outcome.detail ?? "" });
  return shortPage(
    language,
    title,
    `<p class="${outcome.ok ? "notice" : "error"}" role="${outcome.ok ? "status" : "alert"}">${e(text)}</p>
<p><a href="/console?lang=${language}#zalo">${e(t("back"))}</a></p>`,
  );
}
