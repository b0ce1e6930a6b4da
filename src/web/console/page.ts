import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { loadLocaleResources } from "../../i18n/i18n.js";
import type { Language } from "../../kernel/language.js";
import type { WebContext } from "../context.js";
import { escapeHtml, jsonForScript, languageOf, PAGE_SECURITY, pageHead } from "../http.js";

const assetsDir = fileURLToPath(new URL("../assets/", import.meta.url));

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
  // The console's scripts and the shared stylesheet, revalidated on every load (ETag) so a deploy shows at once.
  const assets = { root: assetsDir, maxAge: 0, index: false, wildcard: false } as const;
  server.register(fastifyStatic, { ...assets, prefix: "/console/assets/", allowedPath: (file) => file.endsWith(".js") });
  server.register(fastifyStatic, { ...assets, prefix: "/web/assets/", allowedPath: (file) => file.endsWith(".css"), decorateReply: false });

  const shell = async (request: FastifyRequest, reply: FastifyReply) => {
    const language = languageOf(request, ctx.defaultLanguage);
    const texts = consoleTexts(language);
    const title = ctx.t.t(language, "web:console.title");
    const scripts = `<script type="application/json" id="texts">${jsonForScript({ language, texts })}</script>
<script src="/console/assets/console-views.js" defer></script>
<script src="/console/assets/console.js" defer></script>
<script src="/console/assets/console-ticket.js" defer></script>
<script src="/console/assets/console-content.js" defer></script>
<script src="/console/assets/console-people.js" defer></script>
<script src="/console/assets/console-zalo.js" defer></script>`;
    const body = `${pageHead(language, `${title} · ${ctx.policy.company.name[language]}`, scripts)}
<body class="console">
<header class="topbar"><strong>${escapeHtml(title)}</strong><span id="who"></span><nav id="nav"></nav></header>
<main id="app" aria-live="polite"></main>
</body>
</html>`;
    return reply.code(200).header("cache-control", "no-store").type("text/html; charset=utf-8").send(body);
  };
  server.get("/console", PAGE_SECURITY, shell);
  server.get("/console/setup", PAGE_SECURITY, shell);
}
