import { createConversationEngine } from "../../conversation/index.js";
import { createTranslator } from "../../i18n/i18n.js";
import { MAX_CUSTOMER_FILE_BYTES } from "../../kernel/stored-file.js";
import type { AppModule, ModuleDeps } from "../../modules.js";
import { createZaloBotApi } from "./api.js";
import { createZaloBotInboundHandler, ZALO_BOT_CHANNEL } from "./inbound.js";
import { createZaloBotPoller } from "./polling.js";
import { createZaloBotSender } from "./sender.js";
import { zaloBotPartitionKey } from "./updates.js";
import { registerZaloBotWebhook, ZALO_BOT_SOURCE, ZALO_BOT_WEBHOOK_PATH } from "./webhook.js";

export type ZaloBotModuleDeps = Pick<
  ModuleDeps,
  "env" | "policy" | "content" | "db" | "clock" | "logger" | "tickets" | "inbound" | "delivery" | "fetch" | "health" | "fileLink"
> &
  Partial<Pick<ModuleDeps, "ticketLink" | "asLeader">>;

export interface ZaloBotOptions {
  /** getUpdates' long-poll seconds (Zalo's default 30). */
  pollTimeoutSeconds?: number;
}

/**
 * The Zalo Bot channel (the Telegram-like Bot Platform): webhook or long polling in, both through
 * the inbound log to the conversation engine; outbox rows out as text with numbered choices and
 * photos by URL. The static token is in the URL path.
 */
export function createZaloBotModule(
  deps: ZaloBotModuleDeps,
  options: ZaloBotOptions = {},
): Required<Pick<AppModule, "handlers" | "partitionKeys" | "senders" | "pace" | "routes" | "start" | "stop">> {
  const { env } = deps;
  const token = env.ZALO_BOT_TOKEN;
  if (!token) throw new Error("createZaloBotModule needs ZALO_BOT_TOKEN");
  const logger = deps.logger.child({ module: "zalo-bot" });
  const health = deps.health.component("zalo-bot");
  const api = createZaloBotApi({ apiRoot: env.ZALO_BOT_API_ROOT, token, fetch: deps.fetch ?? globalThis.fetch });
  const poller =
    env.ZALO_BOT_MODE === "polling"
      ? createZaloBotPoller({
          api,
          inbound: deps.inbound,
          logger,
          health,
          ...(deps.asLeader ? { asLeader: deps.asLeader } : {}),
          ...(options.pollTimeoutSeconds ? { timeoutSeconds: options.pollTimeoutSeconds } : {}),
        })
      : undefined;

  return {
    handlers: {
      [ZALO_BOT_SOURCE]: createZaloBotInboundHandler({
        engine: createConversationEngine(deps),
        api,
        logger,
        dataDir: env.DATA_DIR,
        maxBytes: MAX_CUSTOMER_FILE_BYTES,
        fetch: deps.fetch ?? globalThis.fetch,
      }),
    },
    partitionKeys: { [ZALO_BOT_SOURCE]: zaloBotPartitionKey },
    senders: {
      [ZALO_BOT_CHANNEL]: createZaloBotSender({
        api,
        translator: createTranslator(),
        logger,
        health,
        fileLink: (file) => deps.fileLink({ key: file.key, name: file.name, mimeType: file.mimeType }),
      }),
    },
    // No published limits: Telegram-like pacing, and a small gap between one chat's pieces.
    pace: { [ZALO_BOT_CHANNEL]: { perSecond: 20, perDestinationPerSecond: 1, burst: 3 } },
    routes: (server) => registerZaloBotWebhook(server, { inbound: deps.inbound, secret: env.ZALO_BOT_WEBHOOK_SECRET }),
    async start() {
      if (poller) {
        // getUpdates and a webhook exclude each other.
        await api.call("deleteWebhook").catch((error: unknown) => logger.warn({ err: error }, "zalo bot deleteWebhook failed"));
        poller.start();
      } else if (env.PUBLIC_URL && env.ZALO_BOT_WEBHOOK_SECRET) {
        const url = `${env.PUBLIC_URL.replace(/\/+$/, "")}${ZALO_BOT_WEBHOOK_PATH}`;
        await api.call("setWebhook", { url, secret_token: env.ZALO_BOT_WEBHOOK_SECRET }).catch((error: unknown) => {
          logger.error({ err: error }, "zalo bot setWebhook failed: set the webhook in Zalo Bot Creator, or check ZALO_BOT_TOKEN");
          health.down("Zalo Bot setWebhook failed: check ZALO_BOT_TOKEN and PUBLIC_URL (public HTTPS).");
        });
      }
      logger.info({ mode: env.ZALO_BOT_MODE }, "zalo bot channel started");
    },
    async stop() {
      await poller?.stop();
    },
  };
}
