import type { Database } from "../../db/database.js";
import { newSecretToken, secretTokenHash } from "../secret-tokens.js";

/**
 * Console sessions, in the database: they survive a restart and every instance sees them. The
 * cookie holds 256 random bits; the table keys the session by their SHA-256 only. The CSRF token is
 * a second, independent secret.
 */
export interface Session {
  /** The row's key: the SHA-256 of the cookie value. */
  id: string;
  staffId: string;
  csrf: string;
  expiresAt: number;
}

const IDLE_MS = 12 * 3_600_000;
/** A request moves lastSeenAt (and the idle timeout) at most this often: one write a minute, not one a request. */
const TOUCH_EVERY_MS = 60_000;
/** Expired rows are deleted at sign-in, at most this often per instance. */
const PURGE_EVERY_MS = 10 * 60_000;

export interface SessionStore {
  /** A new session; `cookie` is the value for the browser, never stored. */
  create(staffId: string, now: number): Promise<{ session: Session; cookie: string }>;
  /** The live session for a cookie value; using it extends its idle timeout. */
  get(cookie: string | undefined, now: number): Promise<Session | undefined>;
  /** Ends a session by its id (a looked-up session's `id`). */
  destroy(id: string): Promise<void>;
  /** Ends the session a cookie value stands for, if any. */
  destroyByCookie(cookie: string): Promise<void>;
  /** Ends every session of a person: after a password change or when they are deactivated. */
  endSessionsOf(staffId: string): Promise<void>;
}

export function createSessionStore(db: Database): SessionStore {
  const sessions = db.prisma.consoleSession;
  let lastPurge = Number.NEGATIVE_INFINITY;
  const purgeExpired = async (now: number) => {
    if (now - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = now;
    await sessions.deleteMany({ where: { expiresAt: { lte: new Date(now) } } });
  };
  const destroy = async (id: string) => {
    await sessions.deleteMany({ where: { id } });
  };
  return {
    async create(staffId, now) {
      await purgeExpired(now);
      const cookie = newSecretToken(32);
      const row = await sessions.create({
        data: {
          id: secretTokenHash(cookie),
          staffId,
          csrfToken: newSecretToken(32),
          createdAt: new Date(now),
          lastSeenAt: new Date(now),
          expiresAt: new Date(now + IDLE_MS),
        },
      });
      return { session: { id: row.id, staffId, csrf: row.csrfToken, expiresAt: now + IDLE_MS }, cookie };
    },
    async get(cookie, now) {
      if (!cookie) return undefined;
      const row = await sessions.findUnique({ where: { id: secretTokenHash(cookie) } });
      if (!row) return undefined;
      if (row.expiresAt.getTime() <= now) {
        await destroy(row.id);
        return undefined;
      }
      let expiresAt = row.expiresAt.getTime();
      if (now - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
        expiresAt = now + IDLE_MS;
        // Conditional: a session signed out (or expired) meanwhile stays gone.
        await sessions.updateMany({
          where: { id: row.id, expiresAt: { gt: new Date(now) } },
          data: { lastSeenAt: new Date(now), expiresAt: new Date(expiresAt) },
        });
      }
      return { id: row.id, staffId: row.staffId, csrf: row.csrfToken, expiresAt };
    },
    destroy,
    async destroyByCookie(cookie) {
      await destroy(secretTokenHash(cookie));
    },
    async endSessionsOf(staffId) {
      await sessions.deleteMany({ where: { staffId } });
    },
  };
}
