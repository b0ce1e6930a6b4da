import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Message, Update } from "grammy/types";
import { type App, createApp } from "../../../src/app.js";
import { parseEnv } from "../../../src/config/env.js";
import type { Database } from "../../../src/db/database.js";
import type { Logger } from "../../../src/kernel/logger.js";
import type { Policy } from "../../../src/policy/policy.schema.js";
import { callbackUpdate, type SenderFields, textUpdate } from "../../fixtures/telegram-updates.js";
import { startTelegramStandin, type TelegramStandin } from "../../standins/telegram-standin.js";
import { loadDefaultPolicy } from "../../support/default-policy.js";
import { FakeClock } from "../../support/fake-clock.js";
import { silentLogger } from "../../support/logger.js";
import { createTestDatabase } from "../../support/test-db.js";

export const SECRET = "test-webhook-secret_1";
export const CHAT = 111111111;

/**
 * The whole product on a fresh database with Telegram pointed at the stand-in. Every update goes
 * through the real webhook (app.server.inject); processing and delivery run when the test says.
 * The bot knows its info from the stand-in, as grammY's `botInfo`, so updates are handled without start.
 */
export async function telegramHarness(
  options: {
    now?: string;
    db?: Database;
    standin?: TelegramStandin;
    clock?: FakeClock;
    env?: Record<string, string>;
    logger?: Logger;
    firstUpdateId?: number;
    /** Leave grammY's bot info unset, so the channel asks getMe at start (as in production). */
    askBotInfo?: boolean;
  } = {},
) {
  const clock = options.clock ?? new FakeClock(options.now ?? "2026-11-25T02:00:00Z"); // 09:00 Wednesday in Hanoi
  const standin = options.standin ?? (await startTelegramStandin({ clock }));
  const db = options.db ?? (await createTestDatabase());
  const policy: Policy = await loadDefaultPolicy();
  const dataDir = mkdtempSync(path.join(tmpdir(), "hotro-tg-"));
  const parsed = parseEnv({
    TELEGRAM_BOT_TOKEN: standin.token,
    TELEGRAM_API_ROOT: standin.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    DATA_DIR: dataDir,
    // The fake clock stands still between steps: a scenario's many messages to one chat must not wait for the platform's pace.
    OUTBOUND_PACE: "off",
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const app: App = await createApp(
    { env: parsed.env, policy, db, clock, logger: options.logger ?? silentLogger },
    { telegram: options.askBotInfo ? {} : { botInfo: standin.botInfo } },
  );

  let updateId = options.firstUpdateId ?? 500_000;
  let queryId = 0;
  const nextId = () => ++updateId;

  /**
   * Posts an update to the webhook (what its answer asks of Telegram is done, as Telegram does),
   * then processes the inbound log and delivers the outbox.
   */
  async function post(update: Update, headers: Record<string, string> = { "x-telegram-bot-api-secret-token": SECRET }) {
    const response = await app.server.inject({ method: "POST", url: "/webhooks/telegram", headers, payload: update });
    await standin.performWebhookAnswer(response.statusCode, response.body);
    await settle();
    return response;
  }
  async function settle() {
    await app.inbound.processDue();
    await app.delivery.deliverDue();
  }
  const say = (text: string, fields: SenderFields = {}) => post(textUpdate({ text, updateId: nextId(), messageId: updateId, ...fields }));
  const press = (data: string, fields: SenderFields = {}) =>
    post(callbackUpdate({ data, updateId: nextId(), callbackQueryId: `q${++queryId}`, ...fields }));

  const sent = (chatId: number = CHAT): Message[] => standin.sentMessages(chatId);
  const texts = (chatId: number = CHAT) => sent(chatId).map((m) => m.text ?? "");
  const last = (chatId: number = CHAT) => texts(chatId).at(-1) ?? "";
  /** Everything sent since the mark, joined: what the customer read after one action. */
  let mark = 0;
  const since = (chatId: number = CHAT) => {
    const all = texts(chatId);
    const fresh = all.slice(mark).join("\n---\n");
    mark = all.length;
    return fresh;
  };
  /** The /healthz answer (components included). */
  const healthz = async () => (await app.server.inject({ method: "GET", url: "/healthz" })).json();
  const buttonsOfLast = (chatId: number = CHAT) =>
    (sent(chatId).at(-1)?.reply_markup?.inline_keyboard ?? []).flat().map((b) => ("callback_data" in b ? b.callback_data : ""));

  return { app, db, clock, standin, policy, dataDir, post, settle, say, press, sent, texts, last, since, buttonsOfLast, nextId, healthz };
}

export type TelegramHarness = Awaited<ReturnType<typeof telegramHarness>>;

/** Walks the form from a category to the summary with valid answers. */
export async function fillForm(
  h: TelegramHarness,
  answers: { category: string; answer?: string; description: string[]; name: string; contact: string; website?: string },
  fields: SenderFields = {},
) {
  await h.press(`cat:${answers.category}`, fields);
  if (answers.answer) await h.press(`ans:${answers.category}:${answers.answer}`, fields);
  for (const line of answers.description) await h.say(line, fields);
  await h.say("xong", fields);
  // Decree 13/2023: consent before contact details (asked once per customer and notice version).
  if (h.buttonsOfLast(fields.chatId).includes("in:consent_yes")) await h.press("in:consent_yes", fields);
  await h.say(answers.name, fields);
  await h.say(answers.contact, fields);
  if (answers.website) await h.say(answers.website, fields);
  else await h.press("in:skip", fields);
}

/** Waits for something the background workers (polling, the inbound loop) do on their own time. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
