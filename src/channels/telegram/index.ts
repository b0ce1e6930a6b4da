import { Bot } from "grammy";
import type { BotCommand } from "grammy/types";
import { createConversationEngine } from "../../conversation/index.js";
import { createTranslator, type Translator } from "../../i18n/i18n.js";
import type { Language } from "../../kernel/language.js";
import type { AppModule, ModuleDeps } from "../../modules.js";
import { DEFAULT_MAX_FILE_BYTES, downloadFile } from "./files.js";
import { createPoller, type Poller } from "./polling.js";
import { createTelegramSender } from "./sender.js";
import { createUpdateHandler } from "./update-handler.js";
import { ALLOWED_UPDATES } from "./update-schema.js";
import { registerTelegramWebhook, WEBHOOK_PATH } from "./webhook.js";

/** What the Telegram channel is built from (a subset of the app's ModuleDeps). */
export type TelegramModuleDeps = Pick<
  ModuleDeps,
  "env" | "policy" | "db" | "clock" | "logger" | "tickets" | "inbound" | "delivery" | "fetch"
> &
  Partial<Pick<ModuleDeps, "ticketLink">>;

export type TelegramModule = Required<Pick<AppModule, "handlers" | "senders" | "routes" | "start" | "stop">>;

const COMMANDS = ["start", "help", "new", "status", "lang"] as const;

/** The Telegram channel (grammY): webhook or long polling in, outbox rows out, the conversation engine between. */
export function createTelegramModule(deps: TelegramModuleDeps, options: { maxFileBytes?: number } = {}): TelegramModule {
  const { env, logger: parent } = deps;
  const token = env.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error("createTelegramModule needs TELEGRAM_BOT_TOKEN");
  const logger = parent.child({ module: "telegram" });
  const apiRoot = env.TELEGRAM_API_ROOT.replace(/\/+$/, "");
  const bot = new Bot(token, { client: { apiRoot, ...(deps.fetch ? { fetch: deps.fetch } : {}) } });
  const translator: Promise<Translator> = createTranslator();
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const engine = createConversationEngine(deps);
  const handleUpdate = createUpdateHandler({
    api: bot.api,
    engine,
    logger,
    maxFileMb: Math.floor(maxBytes / (1024 * 1024)),
    defaultLanguage: deps.policy.company.defaultLanguage,
    download: (file) =>
      downloadFile({ api: bot.api, apiRoot, token, dataDir: env.DATA_DIR, maxBytes, fetch: deps.fetch ?? globalThis.fetch }, file),
  });
  let poller: Poller | undefined;

  async function registerCommands() {
    const t = await translator;
    const list = (language: Language): BotCommand[] =>
      COMMANDS.map((command) => ({ command, description: t.t(language, `telegram:commands.${command}`) }));
    await bot.api.setMyCommands(list(deps.policy.company.defaultLanguage));
    for (const language of ["vi", "en"] as const) await bot.api.setMyCommands(list(language), { language_code: language });
  }

  return {
    handlers: { telegram: handleUpdate },
    senders: { telegram: createTelegramSender({ api: bot.api, translator, logger, dataDir: env.DATA_DIR }) },
    routes: (server) => registerTelegramWebhook(server, { inbound: deps.inbound, secret: env.TELEGRAM_WEBHOOK_SECRET }),
    async start() {
      await bot.init();
      await registerCommands();
      if (env.TELEGRAM_MODE === "polling") {
        await bot.api.deleteWebhook();
        poller = createPoller({ api: bot.api, inbound: deps.inbound, logger });
        poller.start();
      } else if (env.PUBLIC_URL) {
        const url = `${env.PUBLIC_URL.replace(/\/+$/, "")}${WEBHOOK_PATH}`;
        await bot.api.setWebhook(url, {
          ...(env.TELEGRAM_WEBHOOK_SECRET ? { secret_token: env.TELEGRAM_WEBHOOK_SECRET } : {}),
          allowed_updates: [...ALLOWED_UPDATES],
        });
      }
      logger.info({ bot: bot.botInfo.username, mode: env.TELEGRAM_MODE }, "telegram channel started");
    },
    async stop() {
      await poller?.stop();
    },
  };
}
