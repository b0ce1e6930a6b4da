import { Bot, BotError } from "grammy";
import type { BotCommand, Update, UserFromGetMe } from "grammy/types";
import { createConversationEngine } from "../../conversation/index.js";
import { createTranslator, type Translator } from "../../i18n/i18n.js";
import { NotReadyYet } from "../../inbound/inbound-log.js";
import type { Language } from "../../kernel/language.js";
import type { AppModule, ModuleDeps } from "../../modules.js";
import { alertOperator, isUnauthorized } from "./alerts.js";
import { DEFAULT_MAX_FILE_BYTES, downloadFile } from "./files.js";
import { carriesFile, telegramPartitionKey } from "./partition.js";
import { createPoller, type Poller } from "./polling.js";
import { createTelegramSender } from "./sender.js";
import { ALLOWED_UPDATES, createUpdateComposer } from "./updates.js";
import { registerTelegramWebhook, WEBHOOK_PATH } from "./webhook.js";

/** What the Telegram channel is built from (a subset of the app's ModuleDeps). */
export type TelegramModuleDeps = Pick<
  ModuleDeps,
  "env" | "policy" | "content" | "db" | "clock" | "logger" | "tickets" | "inbound" | "delivery" | "fetch" | "health"
> &
  Partial<Pick<ModuleDeps, "ticketLink" | "asLeader">>;

export interface TelegramOptions {
  /** Largest customer file taken (Telegram serves bots at most 20 MB). */
  maxFileBytes?: number;
  /** The bot's getMe answer, known beforehand (grammY's `botInfo`): then start does not ask Telegram for it. */
  botInfo?: UserFromGetMe;
}

export type TelegramModule = Required<
  Pick<AppModule, "handlers" | "partitionKeys" | "shareTransaction" | "senders" | "pace" | "routes" | "start" | "stop">
>;

const COMMANDS = ["start", "help", "new", "status", "lang"] as const;

/**
 * The Telegram channel (grammY): webhook or long polling in, both recorded in the inbound log;
 * each recorded update goes through bot.handleUpdate and the update composer to the conversation
 * engine; outbox rows out through the sender.
 */
export function createTelegramModule(deps: TelegramModuleDeps, options: TelegramOptions = {}): TelegramModule {
  const { env, logger: parent } = deps;
  const token = env.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error("createTelegramModule needs TELEGRAM_BOT_TOKEN");
  const logger = parent.child({ module: "telegram" });
  const health = deps.health.component("telegram");
  const apiRoot = env.TELEGRAM_API_ROOT.replace(/\/+$/, "");
  const bot = new Bot(token, {
    client: { apiRoot, ...(deps.fetch ? { fetch: deps.fetch } : {}) },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  const translator: Promise<Translator> = createTranslator();
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  bot.use(
    createUpdateComposer({
      engine: createConversationEngine(deps),
      logger,
      maxFileMb: Math.floor(maxBytes / (1024 * 1024)),
      defaultLanguage: deps.policy.company.defaultLanguage,
      download: (file) =>
        downloadFile({ api: bot.api, apiRoot, token, dataDir: env.DATA_DIR, maxBytes, fetch: deps.fetch ?? globalThis.fetch }, file),
    }),
  );
  let poller: Poller | undefined;
  const stopping = new AbortController();

  async function handleUpdate(payload: unknown) {
    // The bot's info is known from the options or from getMe at start, never asked per update. Not
    // known yet (a backlog found at start): the inbound log tries the update again shortly; waiting
    // here would hold up every channel.
    if (!bot.isInited()) throw new NotReadyYet("the Telegram channel has not started yet: its bot info is unknown");
    try {
      // Checked at the door: the webhook's storableUpdate, or Telegram's own getUpdates answer.
      await bot.handleUpdate(payload as Update);
    } catch (error) {
      throw error instanceof BotError ? error.error : error;
    }
  }

  async function registerCommands() {
    const t = await translator;
    const list = (language: Language): BotCommand[] =>
      COMMANDS.map((command) => ({ command, description: t.t(language, `telegram:commands.${command}`) }));
    await bot.api.setMyCommands(list(deps.policy.company.defaultLanguage));
    for (const language of ["vi", "en"] as const) await bot.api.setMyCommands(list(language), { language_code: language });
  }

  async function connect() {
    // grammY retries getMe on network errors until it succeeds; stop() ends that. Its AbortSignal type is a shim.
    await bot.init(stopping.signal as Parameters<typeof bot.init>[0]);
    await registerCommands();
    if (env.TELEGRAM_MODE === "polling") {
      await bot.api.deleteWebhook();
      if (stopping.signal.aborted) return; // stopped while starting: no loop after stop()
      poller = createPoller({ api: bot.api, inbound: deps.inbound, logger, health, ...(deps.asLeader ? { asLeader: deps.asLeader } : {}) });
      poller.start();
    } else if (env.PUBLIC_URL) {
      const url = `${env.PUBLIC_URL.replace(/\/+$/, "")}${WEBHOOK_PATH}`;
      await bot.api.setWebhook(url, {
        ...(env.TELEGRAM_WEBHOOK_SECRET ? { secret_token: env.TELEGRAM_WEBHOOK_SECRET } : {}),
        allowed_updates: [...ALLOWED_UPDATES],
      });
    }
    logger.info({ bot: bot.botInfo.username, mode: env.TELEGRAM_MODE }, "telegram channel started");
  }

  return {
    handlers: { telegram: handleUpdate },
    partitionKeys: { telegram: telegramPartitionKey },
    // A file is fetched from Telegram before its turn's transaction: such an update has one of its own.
    shareTransaction: { telegram: (update) => !carriesFile(update) },
    senders: { telegram: createTelegramSender({ api: bot.api, translator, logger, dataDir: env.DATA_DIR }) },
    // Bot API limits: about 30 messages a second per bot, one a second per chat (short bursts tolerated).
    pace: { telegram: { perSecond: 30, perDestinationPerSecond: 1, burst: 3 } },
    routes: (server) => registerTelegramWebhook(server, { inbound: deps.inbound, secret: env.TELEGRAM_WEBHOOK_SECRET }),
    async start() {
      try {
        await connect();
      } catch (error) {
        if (stopping.signal.aborted) return;
        // A refused token stops Telegram only: the web chat, the console and Slack keep running.
        if (!isUnauthorized(error)) throw error;
        alertOperator({ logger, health }, "tokenRefused", error);
      }
    },
    async stop() {
      stopping.abort();
      await poller?.stop();
    },
  };
}
