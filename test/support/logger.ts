import type { Logger } from "../../src/kernel/logger.js";

export const silentLogger: Logger = {
  trace() {},
  fatal() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};

/** Keeps every line, to assert that something was logged (and that secrets were not). */
export function recordingLogger(): Logger & { lines: { level: string; obj: unknown; msg?: string }[] } {
  const lines: { level: string; obj: unknown; msg?: string }[] = [];
  const at = (level: string) => (obj: unknown, msg?: string) => {
    lines.push(msg === undefined ? { level, obj } : { level, obj, msg });
  };
  const logger = {
    trace: at("trace"),
    fatal: at("fatal"),
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: () => logger,
    lines,
  };
  return logger;
}
