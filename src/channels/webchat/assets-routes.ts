import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { loadLocaleResources } from "../../i18n/i18n.js";
import { isLanguage, type Language } from "../../kernel/language.js";
import { demoPage } from "./demo-page.js";

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), "utf8");

/** A static text, kept plain and gzipped: most browsers take the gzipped one. */
interface Served {
  type: string;
  plain: Buffer;
  gzipped: Buffer;
}
const served = (type: string, text: string): Served => {
  const plain = Buffer.from(text, "utf8");
  return { type, plain, gzipped: gzipSync(plain, { level: 9 }) };
};

type WidgetTexts = Record<Language, Record<string, string>>;

/** The widget's texts come from locales/{vi,en}/webchat.json, written into the script once at start. */
export function widgetTexts(): WidgetTexts {
  const resources = loadLocaleResources();
  const of = (language: Language) => (resources[language]?.webchat as { widget?: Record<string, string> } | undefined)?.widget ?? {};
  return { vi: of("vi"), en: of("en") };
}

export function widgetScript(): string {
  // "<" escaped: the texts can never end a script element, wherever the widget is inlined.
  const json = JSON.stringify(widgetTexts()).replace(/</g, "\\u003c");
  return asset("widget.js").replace("__HOTRO_STRINGS__", json);
}

const DEMO_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** GET /widget.js, /widget.css (embeddable anywhere) and the demo page at /. */
export function registerAssetRoutes(server: FastifyInstance, deps: { defaultLanguage: Language; publicUrl?: string | undefined }): void {
  const files: Record<string, Served> = {
    "/widget.js": served("application/javascript; charset=utf-8", widgetScript()),
    "/widget.css": served("text/css; charset=utf-8", asset("widget.css")),
    "/webchat/demo.css": served("text/css; charset=utf-8", asset("demo.css")),
  };
  for (const [path, file] of Object.entries(files)) {
    server.get(path, async (request, reply) => send(request, reply, file));
  }

  server.get("/", async (request, reply) => {
    const query = (request.query as { lang?: string } | undefined)?.lang;
    const language = isLanguage(query) ? query : deps.defaultLanguage;
    const origin = deps.publicUrl?.replace(/\/+$/, "") ?? `${request.protocol}://${request.host}`;
    return reply
      .type("text/html; charset=utf-8")
      .headers({ "content-security-policy": DEMO_CSP, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" })
      .send(demoPage({ widgetLanguage: language, origin }));
  });
}

function send(request: FastifyRequest, reply: FastifyReply, file: Served) {
  const gzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
  reply.type(file.type).headers({
    "cache-control": "public, max-age=300",
    vary: "accept-encoding",
    "x-content-type-options": "nosniff",
    "access-control-allow-origin": "*",
  });
  if (gzip) reply.header("content-encoding", "gzip");
  return reply.send(gzip ? file.gzipped : file.plain);
}
