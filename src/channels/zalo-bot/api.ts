import { z } from "zod";

/** A refusal in the Bot API's Telegram-like envelope (`{ok:false, error_code, description}`). */
export class ZaloBotError extends Error {
  override name = "ZaloBotError";
  constructor(
    readonly method: string,
    readonly code: number,
    readonly description: string,
  ) {
    super(`Zalo Bot ${method} failed: ${code} ${description}`);
  }
}

const envelope = z.union([
  z.looseObject({ ok: z.literal(true), result: z.unknown().optional() }),
  z.looseObject({ ok: z.literal(false), error_code: z.coerce.number(), description: z.string().default("") }),
]);

export interface ZaloBotApi {
  call(method: string, params?: Record<string, unknown>, signal?: AbortSignal): Promise<unknown>;
}

/** The Zalo Bot API: every method a POST with a JSON body to `<root>/bot<TOKEN>/<method>`. */
export function createZaloBotApi(deps: { apiRoot: string; token: string; fetch: typeof fetch }): ZaloBotApi {
  const root = deps.apiRoot.replace(/\/+$/, "");
  return {
    async call(method, params = {}, signal) {
      const response = await deps.fetch(`${root}/bot${deps.token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(params),
        ...(signal ? { signal } : {}),
      });
      const parsed = envelope.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) throw new ZaloBotError(method, response.status, "unreadable answer");
      if (parsed.data.ok === false) throw new ZaloBotError(method, Number(parsed.data.error_code), String(parsed.data.description));
      return parsed.data.result;
    },
  };
}
