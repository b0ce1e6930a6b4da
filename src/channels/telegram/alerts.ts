import { GrammyError } from "grammy";
import type { Logger } from "../../kernel/logger.js";
import type { ComponentHealth } from "../../server/health.js";

/** What stops the Telegram channel until an operator acts; retrying cannot help with any of them. */
const PROBLEMS = {
  tokenRefused:
    "Telegram refused the bot token (401 Unauthorized): it was revoked or is wrong. The Telegram channel is stopped. " +
    "Get the current token from @BotFather, set TELEGRAM_BOT_TOKEN and restart.",
  otherPoller:
    "Telegram ended our getUpdates because another process polls with the same bot token (409 Conflict). " +
    "Telegram polling is stopped here. Run one polling instance only (or TELEGRAM_MODE=webhook everywhere), then restart.",
  webhookSetAgain:
    "A webhook was set again for this bot while TELEGRAM_MODE=polling (409 Conflict): something else uses this token in webhook mode. " +
    "Telegram polling is stopped here. Give each deployment its own bot token or one mode, then restart.",
} as const;

export type TelegramProblem = keyof typeof PROBLEMS;

/** An error log line saying what to do, and /healthz degraded with the same words. */
export function alertOperator(deps: { logger: Logger; health: ComponentHealth }, problem: TelegramProblem, error: unknown): void {
  const method = error instanceof GrammyError ? error.method : undefined;
  deps.logger.error({ problem, method, description: error instanceof GrammyError ? error.description : undefined }, PROBLEMS[problem]);
  deps.health.down(PROBLEMS[problem]);
}

export const isUnauthorized = (error: unknown): error is GrammyError => error instanceof GrammyError && error.error_code === 401;
export const isConflict = (error: unknown): error is GrammyError => error instanceof GrammyError && error.error_code === 409;
