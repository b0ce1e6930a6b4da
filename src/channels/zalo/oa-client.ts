import { z } from "zod";
import type { ZaloTokens } from "./store.js";

/** An OA API refusal: Zalo answers errors with HTTP 200 and a negative `error`. */
export class ZaloApiError extends Error {
  override name = "ZaloApiError";
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`Zalo error ${code}: ${message}`);
  }
}

/** Zalo's -216 (invalid) and -220 (expired or removed): refresh once, then retry. */
export const TOKEN_REFUSED = new Set([-216, -220]);

const envelope = z.looseObject({ error: z.coerce.number(), message: z.string().optional(), data: z.unknown().optional() });

export interface ZaloOaClient {
  /** POST JSON to a v3 path; the `data` of a success. */
  post(path: string, body: unknown): Promise<unknown>;
  /** POST a multipart upload (field `file`); the `data` of a success. */
  upload(path: string, file: { bytes: Buffer; name: string; mimeType: string }): Promise<unknown>;
}

/**
 * A thin OA Open API client: the bare `access_token` header, the `{error, message, data}` envelope
 * read whatever the HTTP status, and one refresh and one retry on -216/-220.
 */
export function createZaloOaClient(deps: { apiRoot: string; tokens: ZaloTokens; fetch: typeof fetch }): ZaloOaClient {
  const root = deps.apiRoot.replace(/\/+$/, "");

  async function call(path: string, init: (token: string) => RequestInit): Promise<unknown> {
    let token = await deps.tokens.current();
    for (let attempt = 0; ; attempt++) {
      const response = await deps.fetch(`${root}${path}`, init(token));
      if (response.status >= 500 || response.status === 429) throw new Error(`Zalo answered HTTP ${response.status} to ${path}`);
      const parsed = envelope.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) throw new Error(`Zalo answered ${path} with HTTP ${response.status} and no envelope`);
      const { error, message = "" } = parsed.data;
      if (error === 0) return parsed.data.data;
      if (TOKEN_REFUSED.has(error) && attempt === 0) {
        token = await deps.tokens.refresh(token);
        continue;
      }
      throw new ZaloApiError(error, message);
    }
  }

  return {
    post: (path, body) =>
      call(path, (token) => ({
        method: "POST",
        headers: { "content-type": "application/json", access_token: token },
        body: JSON.stringify(body),
      })),
    upload: (path, file) =>
      call(path, (token) => {
        const form = new FormData();
        form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.name);
        return { method: "POST", headers: { access_token: token }, body: form };
      }),
  };
}
