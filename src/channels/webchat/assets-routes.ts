import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { loadLocaleResources } from "../../i18n/i18n.js";
import { isLanguage, type Language } from "../../kernel/language.js";
import { pageSecurity } from "../../server/edge.js";
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

const DEMO_PAGE = pageSecurity({
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
});
/** The widget's files are loaded by the company's other websites: readable cross-origin. */
const EMBEDDABLE = { helmet: { crossOriginResourcePolicy: { policy: "cross-origin" as const } } };

/** A Host header as the HTTP grammar allows it (a name or an address, and a port): anything else is no origin. */
const PLAIN_HOST = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;

/**
 * Where the demo page tells people to load the widget from: PUBLIC_URL, else the address the browser
 * asked for itself (its Host header). Never X-Forwarded-Host: any client could write that one.
 */
function originOf(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, "");
  const host = request.headers.host ?? "";
  return PLAIN_HOST.test(host) ? `${request.protocol}://${host}` : "";
}

/** GET /widget.js, /widget.css (embeddable anywhere) and the demo page at /. */
export function registerAssetRoutes(server: FastifyInstance, deps: { defaultLanguage: Language; publicUrl?: string | undefined }): void {
  const files: Record<string, Served> = {
    "/widget.js": served("application/javascript; charset=utf-8", widgetScript()),
    "/widget.css": served("text/css; charset=utf-8", asset("widget.css")),
    "/webchat/demo.css": served("text/css; charset=utf-8", asset("demo.css")),
  };
  for (const [path, file] of Object.entries(files)) {
    server.get(path, EMBEDDABLE, async (request, reply) => send(request, reply, file));
  }

  server.get("/", DEMO_PAGE, async (request, reply) => {
    const query = (request.query as { lang?: string } | undefined)?.lang;
    const language = isLanguage(query) ? query : deps.defaultLanguage;
    return reply.type("text/html; charset=utf-8").send(demoPage({ widgetLanguage: language, origin: originOf(request, deps.publicUrl) }));
  });
}

function send(request: FastifyRequest, reply: FastifyReply, file: Served) {
  const gzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
  reply.type(file.type).headers({
    "cache-control": "public, max-age=300",
    vary: "accept-encoding",
    "access-control-allow-origin": "*",
  });
  if (gzip) reply.header("content-encoding", "gzip");
  return reply.send(gzip ? file.gzipped : file.plain);
}
