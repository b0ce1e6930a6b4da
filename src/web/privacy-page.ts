import type { FastifyInstance } from "fastify";
import { isLanguage, type Language } from "../kernel/language.js";
import type { WebContext } from "./context.js";
import { escapeHtml as e, PAGE_SECURITY } from "./http.js";

/**
 * `/privacy`: the full personal-data notice (Decree 13/2023) from the policy, in Vietnamese or
 * English (`?lang=en`); the short notice every channel gives at first contact links here.
 */
export function privacyPageRoutes(server: FastifyInstance, ctx: WebContext): void {
  server.get("/privacy", PAGE_SECURITY, async (request, reply) => {
    const query = (request.query as { lang?: string }).lang;
    const language: Language = isLanguage(query) ? query : ctx.defaultLanguage;
    return reply.header("cache-control", "public, max-age=300").type("text/html; charset=utf-8").send(renderPrivacyPage(ctx, language));
  });
}

export function renderPrivacyPage(ctx: Pick<WebContext, "policy" | "t">, language: Language): string {
  const other: Language = language === "vi" ? "en" : "vi";
  const [title = "", ...paragraphs] = ctx.policy.privacy.fullNotice[language].split(/\n\s*\n/);
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(ctx.t.t(language, "web:page.privacyTitle"))} · ${e(ctx.policy.company.name[language])}</title>
<link rel="stylesheet" href="/web/assets/web.css">
</head>
<body class="ticket-page">
<main>
<header>
  <p class="company">${e(ctx.policy.company.name[language])}</p>
  <h1>${e(title)}</h1>
  <nav><a href="?lang=${other}" lang="${other}">${e(ctx.t.t(other, "web:languageName"))}</a></nav>
</header>
${paragraphs.map((p) => `<p>${e(p.trim())}</p>`).join("\n")}
</main>
</body>
</html>`;
}
