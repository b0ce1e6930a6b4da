import { createConversationEngine } from "../../conversation/index.js";
import { createTranslator } from "../../i18n/i18n.js";
import { MAX_CUSTOMER_FILE_BYTES } from "../../kernel/stored-file.js";
import type { AppModule, ModuleDeps, ZaloConnection } from "../../modules.js";
import { createZaloAlerts } from "./alerts.js";
import { createZaloConsent } from "./consent.js";
import { zaloPartitionKey } from "./events.js";
import { createZaloInboundHandler, ZALO_CHANNEL } from "./inbound.js";
import { createZaloOaClient } from "./oa-client.js";
import { createZaloSender } from "./sender.js";
import { createZaloConsents, createZaloTokens, noticeToSlack } from "./store.js";
import { createZaloOAuth, ZaloNotConnected, ZaloRefreshRefused } from "./tokens.js";
import { registerZaloWebhook, ZALO_SOURCE } from "./webhook.js";

export type ZaloModuleDeps = Pick<
  ModuleDeps,
  "env" | "policy" | "content" | "db" | "clock" | "logger" | "tickets" | "inbound" | "delivery" | "fetch" | "health" | "fileLink"
> &
  Partial<Pick<ModuleDeps, "ticketLink">>;

export type ZaloModule = Required<
  Pick<AppModule, "handlers" | "partitionKeys" | "senders" | "pace" | "replyWindows" | "routes" | "start">
> & {
  /** The OAuth consent the console drives (Customer care admins). */
  connection: ZaloConnection;
};

const HOUR_MS = 3600_000;

/**
 * The Zalo Official Account channel (OA Open API v3): signed webhook events recorded in the inbound
 * log, handled by the conversation engine like every channel's; answers from the outbox as
 * consultation messages, with the OAuth token pair kept and refreshed in the database.
 */
export function createZaloModule(deps: ZaloModuleDeps): ZaloModule {
  const { env } = deps;
  const appId = env.ZALO_APP_ID;
  const appSecret = env.ZALO_APP_SECRET;
  const secretKey = env.ZALO_OA_SECRET_KEY;
  if (!appId || !appSecret || !secretKey) throw new Error("createZaloModule needs ZALO_APP_ID, ZALO_APP_SECRET and ZALO_OA_SECRET_KEY");
  const logger = deps.logger.child({ module: "zalo" });
  const fetch = deps.fetch ?? globalThis.fetch;
  const oauth = createZaloOAuth({ oauthRoot: env.ZALO_OAUTH_ROOT, appId, appSecret, fetch });
  const tokens = createZaloTokens({ db: deps.db, clock: deps.clock, oauth });
  // Customer care hears of a stopped Zalo channel in their Slack channel, when Slack is on.
  const careChannel = env.SLACK_BOT_TOKEN
    ? deps.policy.departments.find((d) => d.id === deps.policy.customerCare.department)?.slackChannel
    : undefined;
  const notify = careChannel
    ? async (text: string) => {
        await noticeToSlack(deps.db, { channel: careChannel, text, now: deps.clock.now() });
        deps.delivery.kick();
      }
    : undefined;
  const alerts = createZaloAlerts({ logger, health: deps.health.component("zalo"), ...(notify ? { notify } : {}) });
  const client = createZaloOaClient({ apiRoot: env.ZALO_API_ROOT, tokens, fetch });
  const connection = createZaloConsent({
    appId,
    oauthRoot: env.ZALO_OAUTH_ROOT,
    oauth,
    tokens,
    consents: createZaloConsents(deps.db),
    clock: deps.clock,
    connected() {
      alerts.clear();
      logger.info("zalo OA connected from the console");
      deps.delivery.kick();
    },
  });

  return {
    connection,
    handlers: {
      [ZALO_SOURCE]: createZaloInboundHandler({
        engine: createConversationEngine(deps),
        logger,
        clock: deps.clock,
        dataDir: env.DATA_DIR,
        maxBytes: MAX_CUSTOMER_FILE_BYTES,
        fetch,
      }),
    },
    partitionKeys: { [ZALO_SOURCE]: zaloPartitionKey },
    senders: {
      [ZALO_CHANNEL]: createZaloSender({
        client,
        translator: createTranslator(),
        alerts,
        dataDir: env.DATA_DIR,
        fileLink: (file) => deps.fileLink({ key: file.key, name: file.name, mimeType: file.mimeType }),
        pastWindow: (copy) => deps.tickets.alsoByEmail({ ...copy, reason: "channel_unreachable" }),
      }),
    },
    // Zalo publishes 4,000 calls a minute per app; sending one user's pieces a little apart keeps their order readable.
    pace: { [ZALO_CHANNEL]: { perSecond: 60, perDestinationPerSecond: 2, burst: 5 } },
    // Consultation messages: free for 48 h after the user's last interaction, billed until 7 days, refused after.
    replyWindows: { [ZALO_CHANNEL]: { freeForMs: 48 * HOUR_MS, paidUntilMs: 7 * 24 * HOUR_MS } },
    routes: (server) => registerZaloWebhook(server, { inbound: deps.inbound, clock: deps.clock, appId, secretKey }),
    async start() {
      // Say at start when the OA still has to be connected, rather than at the first customer's message.
      const problem = await tokens.problem();
      if (problem === "not connected") alerts.raise("notConnected", new ZaloNotConnected(problem).message);
      else if (problem) alerts.raise("refreshRefused", new ZaloRefreshRefused(problem).message);
      logger.info({ connected: problem === undefined }, "zalo channel started");
    },
  };
}

export { createZaloTokens } from "./store.js";
export { createZaloOAuth } from "./tokens.js";
