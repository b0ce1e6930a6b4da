import { loadAppSecret } from "../../config/app-secret.js";
import { createConversationEngine } from "../../conversation/index.js";
import { createTranslator } from "../../i18n/i18n.js";
import type { AppModule, ModuleDeps } from "../../modules.js";
import { registerAssetRoutes } from "./assets-routes.js";
import { CHANNEL, createFeed, type Feed } from "./feed.js";
import { createWebchatHandler } from "./inbound-handler.js";
import { createRateLimiter, type RateLimit } from "./rate-limit.js";
import { registerWebchatRoutes } from "./routes.js";
import { createWebchatSender } from "./sender.js";
import { createWebchatStore } from "./store.js";

/** What the web chat channel is built from (a subset of the app's ModuleDeps). */
export type WebchatModuleDeps = Pick<
  ModuleDeps,
  "env" | "policy" | "content" | "db" | "clock" | "logger" | "tickets" | "inbound" | "delivery" | "counters"
> &
  Partial<Pick<ModuleDeps, "ticketLink" | "fileLink">>;

export interface WebchatOptions {
  /** Signs visitor ids; defaults to the app secret (APP_SECRET or the one kept in DATA_DIR). */
  secret?: string;
  /** Messages (and email saves) per visitor. */
  messageLimit?: RateLimit;
  /** Polls and stream opens per visitor. */
  readLimit?: RateLimit;
  /** New sessions per client (`request.ip`: the TCP peer, or the forwarded client behind TRUST_PROXY). */
  sessionLimit?: RateLimit;
  /** Files per client address (visitor ids are free, so a visitor's own limit alone would not bound them). */
  uploadLimit?: RateLimit;
}

export type WebchatModule = Required<Pick<AppModule, "handlers" | "partitionKeys" | "senders" | "routes" | "stop">> & { feed: Feed };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The web chat channel: always on (it needs no platform token). The demo page at /, the widget at
 * /widget.js, the API under /webchat; the same conversation engine and buttons as Telegram.
 */
export function createWebchatModule(deps: WebchatModuleDeps, options: WebchatOptions = {}): WebchatModule {
  const logger = deps.logger.child({ module: "webchat" });
  const store = createWebchatStore(deps.db);
  const feed = createFeed({ store, translator: createTranslator(), ...(deps.fileLink ? { fileLink: deps.fileLink } : {}) });
  const engine = createConversationEngine(deps);
  const secret = options.secret ?? loadAppSecret(deps.env);
  const limits = {
    messages: createRateLimiter("webchat.messages", options.messageLimit ?? { limit: 30, windowMs: MINUTE }, deps.counters),
    reads: createRateLimiter("webchat.reads", options.readLimit ?? { limit: 120, windowMs: MINUTE }, deps.counters),
    sessions: createRateLimiter("webchat.sessions", options.sessionLimit ?? { limit: 30, windowMs: MINUTE }, deps.counters),
    uploads: createRateLimiter("webchat.uploads", options.uploadLimit ?? { limit: 60, windowMs: HOUR }, deps.counters),
  };

  return {
    feed,
    handlers: { [CHANNEL]: createWebchatHandler({ engine, logger }) },
    partitionKeys: { [CHANNEL]: (payload) => (payload as { visitorId?: string }).visitorId },
    senders: { [CHANNEL]: createWebchatSender({ store, clock: deps.clock, feed }) },
    routes(server) {
      registerWebchatRoutes(server, {
        inbound: deps.inbound,
        tickets: deps.tickets,
        feed,
        secret,
        logger,
        defaultLanguage: deps.policy.company.defaultLanguage,
        dataDir: deps.env.DATA_DIR,
        limits,
      });
      registerAssetRoutes(server, { defaultLanguage: deps.policy.company.defaultLanguage, publicUrl: deps.env.PUBLIC_URL });
    },
    async stop() {
      feed.close();
    },
  };
}
