import type { FastifyReply, FastifyRequest } from "fastify";
import type { Translator } from "../i18n/i18n.js";
import { isLanguage, type Language } from "../kernel/language.js";
import type { Refused } from "../kernel/result.js";
import { pageSecurity } from "../server/edge.js";

/** Shared by the console and the ticket page: escaping, languages and refusals as HTTP answers. */

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Everything a person wrote goes through here before it reaches HTML: it shows as text, never as markup. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * The start of every page served to people, up to `<body>`: the language, a phone-width viewport, no
 * indexing (these pages sit behind links that are capabilities), our stylesheet, then `extra` (scripts).
 */
export function pageHead(language: Language, title: string, extra = ""): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/web/assets/web.css">${extra ? `\n${extra}` : ""}
</head>`;
}

/** A page that says one thing: a heading and a paragraph of HTML (an outcome, a link that leads nowhere). */
export function shortPage(language: Language, title: string, paragraphs: string): string {
  return `${pageHead(language, title)}
<body class="ticket-page">
<main>
<h1>${escapeHtml(title)}</h1>
${paragraphs}
</main>
</body>
</html>`;
}

/** JSON inside a <script type="application/json"> block: no "</script>" or "<!--" can close it early. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

export function languageOf(request: FastifyRequest, fallback: Language): Language {
  const query = (request.query as { lang?: string } | undefined)?.lang;
  if (isLanguage(query)) return query;
  const header = request.headers["x-lang"];
  if (isLanguage(header)) return header;
  return fallback;
}

const FORBIDDEN = new Set([
  "staff_inactive",
  "not_your_department",
  "not_customer_care",
  "claimed_by_other",
  "not_claimed_by_you",
  "not_your_ticket",
  "not_admin",
]);
const INVALID = new Set([
  "empty",
  "verbal_exchange",
  "abusive",
  "reason_required",
  "invalid_stars",
  "target_not_in_department",
  "unknown_department",
  "too_long",
  "bad_request",
  "unknown_category",
  "policy_invalid",
  "invalid_login",
  "password_too_short",
  "no_department",
]);
const NOT_FOUND = new Set(["unknown_ticket", "unknown_staff", "not_found"]);

export function statusForRefusal(code: string): number {
  if (FORBIDDEN.has(code)) return 403;
  if (INVALID.has(code)) return 422;
  if (NOT_FOUND.has(code)) return 404;
  return 409;
}

/** Codes whose name i18next would read as a plural form ("…_other"). */
const LOCALE_KEY: Record<string, string> = { claimed_by_other: "claimed_by_someone_else" };

/** A refusal from a use case, in the reader's language, with its details (positions, head number…). */
export function refusalBody(t: Translator, language: Language, refused: Pick<Refused, "code" | "details">) {
  const key = `web:errors.${LOCALE_KEY[refused.code] ?? refused.code}`;
  const message = t.has(key) ? t.t(language, key, refused.details) : t.t(language, "web:errors.generic");
  return { ok: false as const, error: refused.code, message, ...(refused.details ? { details: refused.details } : {}) };
}

export function sendRefusal(reply: FastifyReply, t: Translator, language: Language, refused: Pick<Refused, "code" | "details">) {
  return reply.code(statusForRefusal(refused.code)).send(refusalBody(t, language, refused));
}

/** The console's and the ticket page's CSP: their own scripts, styles and forms, nothing inline, never framed. */
export const PAGE_SECURITY = pageSecurity({
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
});
