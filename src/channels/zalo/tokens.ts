import { z } from "zod";
import type { Database } from "../../db/database.js";
import type { Clock } from "../../kernel/clock.js";

const ROW_ID = "oa";
/** The access token lives 25 h: refresh from 20 h on, so a send rarely meets an expired one. */
const REFRESH_BEFORE_MS = 5 * 3600 * 1000;

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

export interface ZaloTokens {
  /** The access token to call with; refreshed first when it is near its end. */
  current(): Promise<string>;
  /** Refreshes after Zalo refused `stale` (-216/-220), unless another call or instance already did. */
  refresh(stale: string): Promise<string>;
  /** Stores a pair from the consent flow or a pasted one (clears a refused state). */
  store(pair: ZaloTokenPair, oaId?: string): Promise<void>;
  /** Why the stored pair cannot be used, if it cannot. */
  problem(): Promise<string | undefined>;
}

/**
 * The token pair in the database (ZaloToken). A refresh locks the row (FOR UPDATE), so of two
 * instances one calls Zalo and the other reads the pair it stored; the new pair commits before it
 * is used: a refresh token is single-use and losing the new one means a new consent in a browser.
 */
export function createZaloTokens(deps: { db: Database; clock: Clock; oauth: ZaloOAuth }): ZaloTokens {
  const { db, clock } = deps;
  const tokens = db.prisma.zaloToken;

  async function current(): Promise<string> {
    const row = await tokens.findUnique({ where: { id: ROW_ID } });
    if (!row) throw new ZaloNotConnected("no Zalo token pair is stored");
    if (row.refusedAt) throw new ZaloRefreshRefused(row.refusedReason ?? "refresh refused");
    if (row.accessExpiresAt.getTime() - clock.now().getTime() > REFRESH_BEFORE_MS) return row.accessToken;
    return refresh(row.accessToken);
  }

  async function refresh(stale: string): Promise<string> {
    const outcome = await db.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "ZaloToken" WHERE id = ${ROW_ID} FOR UPDATE`;
        const row = await tx.zaloToken.findUnique({ where: { id: ROW_ID } });
        if (!row) return { error: new ZaloNotConnected("no Zalo token pair is stored") };
        if (row.refusedAt) return { error: new ZaloRefreshRefused(row.refusedReason ?? "refresh refused") };
        // Someone refreshed while this call waited for the lock: use their pair.
        if (row.accessToken !== stale && row.accessExpiresAt.getTime() - clock.now().getTime() > REFRESH_BEFORE_MS)
          return { token: row.accessToken };
        try {
          const pair = await deps.oauth.grant({ grant_type: "refresh_token", refresh_token: row.refreshToken });
          await tx.zaloToken.update({ where: { id: ROW_ID }, data: pairData(pair) });
          return { token: pair.accessToken };
        } catch (error) {
          if (!(error instanceof ZaloRefreshRefused)) throw error;
          await tx.zaloToken.update({ where: { id: ROW_ID }, data: { refusedAt: clock.now(), refusedReason: error.message } });
          return { error };
        }
      },
      { maxWait: 30_000, timeout: 60_000 },
    );
    if ("error" in outcome) throw outcome.error;
    return outcome.token;
  }

  function pairData(pair: ZaloTokenPair) {
    const now = clock.now();
    return {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      accessExpiresAt: new Date(now.getTime() + pair.expiresIn * 1000),
      updatedAt: now,
      refusedAt: null,
      refusedReason: null,
    };
  }

  return {
    current,
    refresh,
    async store(pair, oaId) {
      const data = { ...pairData(pair), ...(oaId ? { oaId } : {}) };
      await tokens.upsert({ where: { id: ROW_ID }, create: { id: ROW_ID, ...data }, update: data });
    },
    async problem() {
      const row = await tokens.findUnique({ where: { id: ROW_ID }, select: { refusedAt: true, refusedReason: true } });
      if (!row) return "not connected";
      return row.refusedAt ? (row.refusedReason ?? "refresh refused") : undefined;
    },
  };
}
