import { loadLocaleResources } from "../../i18n/i18n.js";
import { type Language, otherLanguage } from "../../kernel/language.js";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

type DemoTexts = Record<string, string>;

function texts(language: Language): DemoTexts {
  const bundle = loadLocaleResources()[language]?.webchat as { demo?: DemoTexts; widget?: DemoTexts } | undefined;
  return { ...bundle?.demo, widgetTitle: bundle?.widget?.title ?? "" };
}

/** One language's half of the page: what hotro is and what to try. */
function section(language: Language, t: DemoTexts, origin: string): string {
  const v = (k: string) => escapeHtml(t[k] ?? "");
  const embed = `<script src="${origin}/widget.js" data-lang="${language}" data-title="${t.widgetTitle}" async></script>`;
  return `<section lang="${language}" aria-labelledby="title-${language}">
<h${language === "vi" ? 1 : 2} id="title-${language}">${v("title")}</h${language === "vi" ? 1 : 2}>
<p>${v("intro")}</p>
<h${language === "vi" ? 2 : 3}>${v("tryTitle")}</h${language === "vi" ? 2 : 3}>
<ol>
<li>${v("try1")}</li>
<li>${v("try2")}</li>
<li>${v("try3")}</li>
<li>${v("try4")}</li>
</ol>
<p>${v("consoleText")} <a href="/console">${v("consoleLink")}</a>.</p>
<h${language === "vi" ? 2 : 3}>${v("embedTitle")}</h${language === "vi" ? 2 : 3}>
<p>${v("embedText")}</p>
<pre><code>${escapeHtml(embed)}</code></pre>
</section>`;
}

/** The page at /: Vietnamese first, then English, with the widget embedded in the chosen language. */
export function demoPage(options: { widgetLanguage: Language; origin: string }): string {
  const other = otherLanguage(options.widgetLanguage);
  const widgetTitle = texts(options.widgetLanguage).widgetTitle ?? "";
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hotro</title>
<link rel="stylesheet" href="/webchat/demo.css">
</head>
<body>
<main>
<p class="languages"><a href="/?lang=${other}" hreflang="${other}">${other === "en" ? "Chat in English" : "Chat bằng tiếng Việt"}</a></p>
${section("vi", texts("vi"), options.origin)}
${section("en", texts("en"), options.origin)}
</main>
<script src="/widget.js" data-lang="${options.widgetLanguage}" data-title="${escapeHtml(widgetTitle)}"></script>
</body>
</html>
`;
}
