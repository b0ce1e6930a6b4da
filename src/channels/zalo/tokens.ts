import { z } from "zod";

export interface ZaloTokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds, as Zalo says it (a string in its answer). */
  expiresIn: number;
}

/** No token pair stored yet: an admin has to connect the OA (console page or `npm run zalo:connect`). */
export class ZaloNotConnected extends Error {
  override name = "ZaloNotConnected";
}

/** Zalo refused the refresh token (spent, expired after 3 months, or the app's consent withdrawn). */
export class ZaloRefreshRefused extends Error {
  override name = "ZaloRefreshRefused";
}

/** Zalo's OAuth answer: documented flat, seen wrapped in `data` by one integration; expires_in a string. */
const pairFields = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
});
const tokenAnswer = z.union([pairFields, z.looseObject({ data: pairFields })]);
const oauthError = z.looseObject({ error: z.coerce.number(), error_name: z.string().optional(), error_reason: z.string().optional() });

export interface ZaloOAuth {
  /** POST /v4/oa/access_token with a grant; the new pair, or ZaloRefreshRefused when Zalo says no. */
  grant(fields: Record<string, string>): Promise<ZaloTokenPair>;
}

/** Zalo's OAuth v4 token endpoint: a form, the App Secret Key in a `secret_key` header. */
export function createZaloOAuth(deps: { oauthRoot: string; appId: string; appSecret: string; fetch: typeof fetch }): ZaloOAuth {
  return {
    async grant(fields) {
      const response = await deps.fetch(`${deps.oauthRoot.replace(/\/+$/, "")}/v4/oa/access_token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", secret_key: deps.appSecret },
        body: new URLSearchParams({ app_id: deps.appId, ...fields }),
      });
      if (response.status >= 500) throw new Error(`Zalo OAuth answered HTTP ${response.status}`);
      const body: unknown = await response.json().catch(() => undefined);
      const pair = tokenAnswer.safeParse(body);
      if (pair.success) {
        const value = (pairFields.safeParse(pair.data).success ? pair.data : (pair.data as { data: unknown }).data) as z.infer<
          typeof pairFields
        >;
        return { accessToken: value.access_token, refreshToken: value.refresh_token, expiresIn: value.expires_in };
      }
      const refused = oauthError.safeParse(body);
      const reason = refused.success
        ? `error ${refused.data.error}${refused.data.error_reason ? `: ${refused.data.error_reason}` : ""}`
        : `HTTP ${response.status}, unreadable answer`;
      throw new ZaloRefreshRefused(reason);
    },
  };
}
