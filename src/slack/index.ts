import { App, type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import { createTranslator } from "../i18n/i18n.js";
import type { Logger } from "../kernel/logger.js";
import type { AppModule, ModuleDeps } from "../modules.js";
import { registerActions } from "./actions.js";
import { createSlackSender } from "./card-sender.js";
import { registerCommands } from "./commands.js";
import { registerEvents } from "./events.js";
import { FastifyReceiver } from "./fastify-receiver.js";
import { ensureClaimNextPins } from "./pins.js";
import { createReplyFiles } from "./reply-files.js";
import type { SlackContext } from "./slack-context.js";
import { createStaffDirectory } from "./staff-directory.js";
import { createHomeWatchers, createSlackStore } from "./store.js";
import { registerSubmissions } from "./submissions.js";
import { createSlackWebClient, slackClientOptions } from "./web-client.js";

export { SLACK_EVENTS_PATH } from "./fastify-receiver.js";

/** What the module is built from. */
export type SlackModuleDeps = Pick<
  ModuleDeps,
  "env" | "policy" | "content" | "db" | "clock" | "logger" | "tickets" | "inbound" | "fetch" | "fileLink"
>;

export type SlackModule = Required<Pick<AppModule, "handlers" | "partitionKeys" | "senders" | "pace" | "routes" | "start" | "stop">>;

/**
 * The Slack staff app: Bolt on our server at POST /slack/events (or Socket Mode when
 * SLACK_APP_TOKEN is set), the outbox sender for cards and threads, and the pinned Claim next
 * messages. On when SLACK_BOT_TOKEN is set.
 */
export async function createSlackModule(deps: SlackModuleDeps): Promise<SlackModule> {
  const { env, logger: rootLogger } = deps;
  const token = env.SLACK_BOT_TOKEN;
  if (!token) throw new Error("createSlackModule needs SLACK_BOT_TOKEN");
  const logger = rootLogger.child({ module: "slack" });
  const client = createSlackWebClient({ token, apiUrl: env.SLACK_API_URL, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const ctx: SlackContext = {
    store: createSlackStore(deps.db),
    get policy() {
      return deps.policy;
    },
    content: deps.content,
    clock: deps.clock,
    logger,
    tickets: deps.tickets,
    client,
    i18n: await createTranslator(),
    staff: createStaffDirectory({ tickets: deps.tickets, policy: () => deps.policy, client, clock: deps.clock, logger }),
    homeWatchers: createHomeWatchers(deps.db),
    replyFiles: createReplyFiles({ token, apiUrl: env.SLACK_API_URL, dataDir: env.DATA_DIR, fetch: deps.fetch ?? globalThis.fetch }),
    channelLanguage: deps.policy.company.defaultLanguage,
    fileLink: deps.fileLink,
    submissionOnce: (viewId, work) => deps.inbound.once("slack-view", viewId, work),
  };

  const socketMode = env.SLACK_APP_TOKEN !== undefined;
  const signingSecret = env.SLACK_SIGNING_SECRET;
  const receiver =
    socketMode || !signingSecret ? undefined : new FastifyReceiver({ signingSecret, inbound: deps.inbound, clock: deps.clock, logger });
  const app = new App({
    // Socket Mode: Bolt's own SocketModeReceiver (apps.connections.open goes through the same SLACK_API_URL).
    ...(receiver ? { receiver } : { socketMode: true, appToken: env.SLACK_APP_TOKEN }),
    // One workspace: no auth.test at construction, the bot token for every call.
    authorize: async () => ({ botToken: token }),
    clientOptions: slackClientOptions({ apiUrl: env.SLACK_API_URL, ...(deps.fetch ? { fetch: deps.fetch } : {}) }),
    ignoreSelf: false,
    convoStore: false,
    logger: boltLogger(logger),
  });
  registerActions(app, ctx);
  registerSubmissions(app, ctx);
  registerEvents(app, ctx);
  registerCommands(app, ctx);

  return {
    handlers: receiver ? { slack: (payload) => receiver.dispatchEvent(payload as Record<string, unknown>) } : {},
    // A channel's events (thread notes, membership) in order; App Home openings per user.
    partitionKeys: { slack: slackPartitionKey },
    senders: { slack: createSlackSender(ctx) },
    // Slack allows about one post a second per channel and chat.update about 50 a minute; a card's
    // outbox destination is its ticket, not a channel, so the whole app goes at the lower pace.
    pace: { slack: { perSecond: 0.8, burst: 10 } },
    routes: (server) => receiver?.routes(server),
    async start() {
      if (socketMode) await app.start();
      await ensureClaimNextPins(ctx);
    },
    async stop() {
      if (socketMode) await app.stop();
    },
  };
}

/** Bolt's logger interface over ours. */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const line =
    (log: (obj: object, msg?: string) => void) =>
    (...messages: unknown[]) =>
      log({ bolt: true }, messages.map(String).join(" "));
  return {
    debug: line((o, m) => logger.debug(o, m)),
    info: line((o, m) => logger.info(o, m)),
    warn: line((o, m) => logger.warn(o, m)),
    error: line((o, m) => logger.error(o, m)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

function slackPartitionKey(payload: unknown): string | undefined {
  const event = (payload as { event?: { channel?: unknown; user?: unknown } }).event;
  const key = event?.channel ?? event?.user;
  return typeof key === "string" ? key : undefined;
}
