import { readFileSync } from "node:fs";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { loadLocaleResources } from "../../i18n/i18n.js";
import type { Language } from "../../kernel/language.js";
import type { WebContext } from "../context.js";
import { escapeHtml, jsonForScript, languageOf, SECURITY_HEADERS } from "../http.js";

const assetsDir = new URL("../assets/", import.meta.url);
const ASSETS: Record<string, { file: string; type: string }> = {
  "/console/assets/console.js": { file: "console.js", type: "text/javascript; charset=utf-8" },
  "/console/assets/console-views.js": { file: "console-views.js", type: "text/javascript; charset=utf-8" },
  "/console/assets/console-ticket.js": { file: "console-ticket.js", type: "text/javascript; charset=utf-8" },
  "/web/assets/web.css": { file: "web.css", type: "text/css; charset=utf-8" },
};

/**
 * `GET /console`: a small HTML shell and plain JavaScript (no build step). The texts of the chosen
 * language travel in a JSON block the script reads; customer text is only ever set with textContent.
 */
export function consolePageRoutes(server: FastifyInstance, ctx: WebContext): void {
  const resources = loadLocaleResources();
  const consoleTexts = (language: Language) => {
    const web = (resources[language]?.web ?? {}) as Record<string, unknown>;
    return { console: web.console, status: web.status, errors: web.errors, languageName: web.languageName };
  };
  const cache = new Map<string, string>();
  const asset = (file: string) => {
    let body = cache.get(file);
    if (body === undefined) {
      body = readFileSync(new URL(file, assetsDir), "utf8");
      cache.set(file, body);
    }
    return body;
  };

  for (const [path, { file, type }] of Object.entries(ASSETS)) {
    server.get(path, async (_request, reply) => reply.type(type).header("cache-control", "no-cache").send(asset(file)));
  }

  const shell = async (request: FastifyRequest, reply: FastifyReply) => {
    const language = languageOf(request, ctx.defaultLanguage);
    const texts = consoleTexts(language);
    const title = ctx.t.t(language, "web:console.title");
    const body = `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · ${escapeHtml(ctx.policy.company.name[language])}</title>
<link rel="stylesheet" href="/web/assets/web.css">
<script type="application/json" id="texts">${jsonForScript({ language, texts })}</script>
<script src="/console/assets/console-views.js" defer></script>
<script src="/console/assets/console.js" defer></script>
<script src="/console/assets/console-ticket.js" defer></script>
</head>
<body class="console">
<header class="topbar"><strong>${escapeHtml(title)}</strong><span id="who"></span><nav id="nav"></nav></header>
<main id="app" aria-live="polite"></main>
</body>
</html>`;
    return reply.code(200).headers(SECURITY_HEADERS).header("cache-control", "no-store").type("text/html; charset=utf-8").send(body);
  };
  server.get("/console", shell);
  server.get("/console/setup", shell);
}
