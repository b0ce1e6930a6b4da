/** The logging port: pino satisfies it; tests pass a silent or recording one. */
export interface Logger {
  trace(obj: object | string, msg?: string): void;
  fatal(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}
