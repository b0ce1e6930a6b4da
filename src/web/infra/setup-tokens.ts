import type { Database } from "../../db/database.js";
import { newSecretToken, secretTokenHash } from "../secret-tokens.js";

/**
 * The first administrator's one-time link: a random token, usable once, for 24 hours. Only its
 * SHA-256 is stored, so any instance can check it and a restart does not lose it; a restart while
 * nobody can sign in prints a new one (the earlier ones stay valid until they expire or one is used).
 */
export interface SetupTokens {
  /** A new token; the caller prints it, the database keeps only its hash. */
  issue(now: number): Promise<string>;
  isValid(candidate: string, now: number): Promise<boolean>;
  /** True once, for the right token before it expires: of two racing callers, one wins. */
  consume(candidate: string, now: number): Promise<boolean>;
}

export const SETUP_TOKEN_TTL_MS = 24 * 3_600_000;

export function createSetupTokens(db: Database, ttlMs = SETUP_TOKEN_TTL_MS): SetupTokens {
  const tokens = db.prisma.consoleSetupToken;
  const live = (candidate: string, now: number) => ({
    tokenHash: secretTokenHash(candidate),
    usedAt: null,
    expiresAt: { gt: new Date(now) },
  });
  return {
    async issue(now) {
      await tokens.deleteMany({ where: { expiresAt: { lte: new Date(now) } } });
      const token = newSecretToken(24);
      await tokens.create({
        data: { tokenHash: secretTokenHash(token), createdAt: new Date(now), expiresAt: new Date(now + ttlMs) },
      });
      return token;
    },
    async isValid(candidate, now) {
      if (!candidate) return false;
      return (await tokens.count({ where: live(candidate, now) })) === 1;
    },
    async consume(candidate, now) {
      if (!candidate) return false;
      // One UPDATE … WHERE "usedAt" IS NULL: the row lock makes it use-once across instances.
      const { count } = await tokens.updateMany({ where: live(candidate, now), data: { usedAt: new Date(now) } });
      return count === 1;
    },
  };
}
