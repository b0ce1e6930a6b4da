import pino from "pino";
import type { Logger } from "../kernel/logger.js";

/**
 * Tokens, secrets, customers' phone numbers and emails never reach the logs: these paths are
 * redacted wherever they appear (one level of nesting under any key, plus request headers).
 */
const sensitiveKeys = ["token", "password", "passwordHash", "secret", "signingSecret", "phone", "email", "authorization", "cookie"];
export const redactPaths = [
  ...sensitiveKeys.flatMap((key) => [key, `*.${key}`]),
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-slack-signature"]',
  'req.headers["x-bot-api-secret-token"]',
  "req.headers.authorization",
  "req.headers.cookie",
];

/** Query parameters whose values are safe to log; every other value (token, sig, exp, q, …) is masked. */
const PLAIN_QUERY = new Set(["lang", "after"]);
const MASK = "[masked]";

/**
 * A request URL as the log may keep it: the mac of a ticket link (`/t/<number>-<mac>`) and every
 * query value but a few harmless ones are masked, so visitor tokens, file-link signatures, setup
 * tokens and searched phone numbers never reach the log.
 */
export function maskUrl(url: string): string {
  const q = url.indexOf("?");
  const path = (q === -1 ? url : url.slice(0, q)).replace(/^\/t\/(\d+)-[^/?#]*/, `/t/$1-${MASK}`);
  if (q === -1) return path;
  const query = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq === -1 ? pair : pair.slice(0, eq);
      return PLAIN_QUERY.has(name) ? pair : `${name}=${MASK}`;
    });
  return `${path}?${query.join("&")}`;
}

/** What a log line keeps of a request: used by the Fastify logger for every `req` it logs. */
export function requestSerializer(request: { method?: string; url?: string; ip?: string; id?: string }) {
  return { method: request.method, url: maskUrl(request.url ?? ""), remoteAddress: request.ip };
}

/**
 * What a log line keeps of an error: pino's usual fields, with bot tokens and Slack tokens taken out
 * of every text in it (a failed request's URL in a message or a stack names the bot's token).
 */
export function errorSerializer(error: Error): unknown {
  return withoutTokens(pino.stdSerializers.err(error), new WeakSet());
}

/** Every string in the value with its tokens taken out; other values as they are (a cycle is cut). */
function withoutTokens(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactUrlTokens(value);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => withoutTokens(item, seen));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutTokens(item, seen)]));
}

export interface LoggerOptions {
  level: string;
  format: "json" | "pretty";
}

export function createLogger(options: LoggerOptions, destination?: pino.DestinationStream): pino.Logger & Logger {
  const base: pino.LoggerOptions = {
    level: options.level,
    redact: { paths: redactPaths, censor: "[redacted]" },
    serializers: { req: requestSerializer, err: errorSerializer },
    timestamp: pino.stdTimeFunctions.isoTime,
    base: { app: "hotro" },
  };
  if (destination) return pino(base, destination);
  if (options.format === "pretty") {
    return pino({
      ...base,
      transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,app" } },
    });
  }
  return pino(base);
}

/** Telegram file URLs carry the bot token in their path: strip any such token from text before logging it. */
export function redactUrlTokens(text: string): string {
  return text.replace(/\/bot\d+:[A-Za-z0-9_-]+/g, "/bot[redacted]").replace(/xox[abposr]-[A-Za-z0-9-]+/g, "xox-[redacted]");
}
