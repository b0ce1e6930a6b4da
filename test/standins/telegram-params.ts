import type { ResponseParameters } from "grammy/types";

/** An `ok: false` answer, with Telegram's exact `error_code` and `description`. */
export class TelegramApiError extends Error {
  override name = "TelegramApiError";
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
  }
}

export const badRequest = (reason: string) => new TelegramApiError(400, `Bad Request: ${reason}`);

/** Method parameters: JSON values from JSON bodies, strings from form and multipart bodies. */
export type Params = Record<string, unknown>;

export function optionalString(params: Params, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : String(value);
}

/** Integers arrive as numbers (JSON) or digit strings (forms); Telegram accepts both. */
export function optionalInt(params: Params, key: string): number | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === "") return undefined;
  const number = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(number)) throw badRequest(`field "${key}" must be of type Integer`);
  return number;
}

export function optionalBool(params: Params, key: string): boolean | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  return value === true || value === "true" || value === "1" || value === 1;
}

/** Fields Telegram documents as "JSON-serialized" arrive as objects (JSON body) or as JSON text (forms). */
export function optionalJson(params: Params, key: string, onInvalid: () => TelegramApiError): unknown {
  const value = params[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw onInvalid();
  }
}

/** `chat_id` is an integer or `@channelusername`. */
export function requiredChatId(params: Params): number | string {
  const value = params.chat_id;
  if (value === undefined || value === null || value === "") throw badRequest("chat_id is empty");
  if (typeof value === "number") return value;
  const text = String(value);
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

export function requiredMessageId(params: Params): number {
  const id = optionalInt(params, "message_id");
  if (id === undefined) throw badRequest("message identifier is not specified");
  return id;
}
