/** An `ok: false` answer (HTTP 200), as Slack sends for every method-level failure. */
export class SlackApiError extends Error {
  override name = "SlackApiError";
  constructor(
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error);
  }
}

/** Method arguments: strings from form bodies (what @slack/web-api sends), JSON values from JSON bodies. */
export type Params = Record<string, unknown>;

export function optionalString(params: Params, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === "") return undefined;
  return typeof value === "string" ? value : String(value);
}

export function requiredString(params: Params, key: string, error: string): string {
  const value = optionalString(params, key);
  if (value === undefined) throw new SlackApiError(error);
  return value;
}

export function optionalBool(params: Params, key: string): boolean {
  const value = params[key];
  return value === true || value === "true" || value === "1" || value === 1;
}

export function optionalInt(params: Params, key: string): number | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === "") return undefined;
  const number = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(number)) throw new SlackApiError("invalid_arguments");
  return number;
}

/** `blocks`, `attachments`, `view` and `metadata` are JSON text inside form bodies; a stand-in must parse them. */
export function optionalJson(params: Params, key: string, error: string): unknown {
  const value = params[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new SlackApiError(error);
  }
}

/** Records the decoded value so tests see `blocks` as an array, not as the JSON text that travelled. */
export function decodeJsonFields(params: Params): Params {
  const decoded: Params = { ...params };
  for (const key of ["blocks", "attachments", "view", "metadata"]) {
    const value = decoded[key];
    if (typeof value !== "string") continue;
    try {
      decoded[key] = JSON.parse(value);
    } catch {
      // Left as text: the method answers with its own error for it.
    }
  }
  return decoded;
}
