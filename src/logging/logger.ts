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

export interface LoggerOptions {
  level: string;
  format: "json" | "pretty";
}

export function createLogger(options: LoggerOptions, destination?: pino.DestinationStream): pino.Logger & Logger {
  const base: pino.LoggerOptions = {
    level: options.level,
    redact: { paths: redactPaths, censor: "[redacted]" },
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
