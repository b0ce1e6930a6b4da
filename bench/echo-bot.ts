/**
 * The baseline for the inbound bench: a bare grammY webhook bot that echoes every text and button
 * back through the same Telegram stand-in, with nothing stored. It answers the webhook once its
 * reply was sent (grammY's webhookCallback), so what it acknowledges it has also processed.
 */
import { createServer } from "node:http";
import { Bot, webhookCallback } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { collectDefaultMetrics, Registry } from "prom-client";

const env = (name: string) => process.env[name] ?? "";

// botInfo given: no getMe at start.
const bot = new Bot(env("TELEGRAM_BOT_TOKEN"), {
  botInfo: JSON.parse(env("BOT_INFO")) as UserFromGetMe,
  client: { apiRoot: env("TELEGRAM_API_ROOT") },
});
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
bot.on("callback_query:data", async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.callbackQuery.data);
});
bot.catch((error) => console.error(JSON.stringify({ level: 50, msg: "echo failed", err: { message: String(error.error) } })));

const handleUpdate = webhookCallback(bot, "http", { secretToken: env("TELEGRAM_WEBHOOK_SECRET") });
// The same event-loop figures hotro exposes, so the bench reads both the same way.
const metrics = new Registry();
collectDefaultMetrics({ register: metrics, prefix: "echo_" });

createServer((req, res) => {
  if (req.method === "POST" && req.url === "/webhooks/telegram") return void handleUpdate(req, res);
  if (req.url === "/healthz") return void res.end("ok");
  if (req.url === "/metrics") return void metrics.metrics().then((text) => res.end(text));
  res.writeHead(404).end();
}).listen(Number(env("PORT")), env("HOST") || "127.0.0.1");
