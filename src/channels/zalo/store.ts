import type { Database } from "../../db/database.js";
import { enqueue } from "../../delivery/store.js";
import type { Clock } from "../../kernel/clock.js";
import type { ZaloConnectionStatus } from "../../modules.js";
import { ZaloNotConnected, type ZaloOAuth, ZaloRefreshRefused, type ZaloTokenPair } from "./tokens.js";

const ROW_ID = "oa";
/** The access token lives 25 h: refresh from 20 h on, so a send rarely meets an expired one. */
const REFRESH_BEFORE_MS = 5 * 3600 * 1000;

export interface ZaloTokens {
  /** The access token to call with; refreshed first when it is near its end. */
  current(): Promise<string>;
  /** Refreshes after Zalo refused `stale` (-216/-220), unless another call or instance already did. */
  refresh(stale: string): Promise<string>;
  /** Stores a pair from the consent flow or a pasted one (clears a refused state). */
  store(pair: ZaloTokenPair, oaId?: string): Promise<void>;
  /** Why the stored pair cannot be used, if it cannot. */
  problem(): Promise<string | undefined>;
  /** The stored pair's dates and refusal, for the console (never the tokens). */
  status(): Promise<ZaloConnectionStatus>;
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
      const data = { ...pairData(pair), connectedAt: clock.now(), ...(oaId ? { oaId } : {}) };
      await tokens.upsert({ where: { id: ROW_ID }, create: { id: ROW_ID, ...data }, update: data });
    },
    async problem() {
      const row = await tokens.findUnique({ where: { id: ROW_ID }, select: { refusedAt: true, refusedReason: true } });
      if (!row) return "not connected";
      return row.refusedAt ? (row.refusedReason ?? "refresh refused") : undefined;
    },
    async status() {
      const row = await tokens.findUnique({
        where: { id: ROW_ID },
        select: { oaId: true, connectedAt: true, accessExpiresAt: true, refusedAt: true, refusedReason: true },
      });
      if (!row) return { connected: false };
      return {
        connected: row.refusedAt === null,
        accessExpiresAt: row.accessExpiresAt,
        ...(row.oaId ? { oaId: row.oaId } : {}),
        ...(row.connectedAt ? { connectedAt: row.connectedAt } : {}),
        ...(row.refusedAt ? { refused: { at: row.refusedAt, reason: row.refusedReason ?? "refresh refused" } } : {}),
      };
    },
  };
}

export interface PendingConsent {
  codeVerifier: string;
  browserHash: string;
  staffId: string;
  language: string;
  expiresAt: Date;
}

/** Consents started in the console, waiting for Zalo's callback; keyed by the state's hash. */
export function createZaloConsents(db: Database) {
  const consents = db.prisma.zaloConsent;
  return {
    async save(stateHash: string, consent: PendingConsent & { createdAt: Date }): Promise<void> {
      // Old unfinished consents go as new ones come: the table never grows.
      await consents.deleteMany({ where: { expiresAt: { lt: consent.createdAt } } });
      await consents.create({ data: { stateHash, ...consent } });
    },
    /** The consent for this state, removed in the same statement: a state is used once, whatever follows. */
    async take(stateHash: string): Promise<PendingConsent | undefined> {
      const taken = await db.prisma.$queryRaw<PendingConsent[]>`
        DELETE FROM "ZaloConsent" WHERE "stateHash" = ${stateHash}
        RETURNING "codeVerifier", "browserHash", "staffId", "language", "expiresAt"`;
      return taken[0];
    },
  };
}

export type ZaloConsents = ReturnType<typeof createZaloConsents>;

/** A line for Customer care's Slack channel (through the outbox, like every message to Slack). */
export async function noticeToSlack(db: Database, input: { channel: string; text: string; now: Date }): Promise<void> {
  await enqueue(
    db.prisma,
    { channel: "slack", destination: `slack:channel:${input.channel}`, kind: "notice", payload: { text: input.text } },
    input.now,
  );
}
