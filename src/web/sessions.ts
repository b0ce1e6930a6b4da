import { randomBytes } from "node:crypto";

/**
 * Console sessions, kept in server memory: a restart signs everyone out (the schema has no
 * session table yet). The id is 256 random bits; the CSRF token is a second, independent one.
 */
export interface Session {
  id: string;
  staffId: string;
  csrf: string;
  expiresAt: number;
}

const IDLE_MS = 12 * 3_600_000;

export interface SessionStore {
  create(staffId: string, now: number): Session;
  /** The live session for a cookie value; touching it extends its idle timeout. */
  get(id: string | undefined, now: number): Session | undefined;
  destroy(id: string): void;
  destroyForStaff(staffId: string): void;
}

export function createSessionStore(): SessionStore {
  const sessions = new Map<string, Session>();
  return {
    create(staffId, now) {
      for (const [id, s] of sessions) if (s.expiresAt <= now) sessions.delete(id);
      const session = {
        id: randomBytes(32).toString("base64url"),
        staffId,
        csrf: randomBytes(32).toString("base64url"),
        expiresAt: now + IDLE_MS,
      };
      sessions.set(session.id, session);
      return session;
    },
    get(id, now) {
      if (!id) return undefined;
      const session = sessions.get(id);
      if (!session) return undefined;
      if (session.expiresAt <= now) {
        sessions.delete(id);
        return undefined;
      }
      session.expiresAt = now + IDLE_MS;
      return session;
    },
    destroy(id) {
      sessions.delete(id);
    },
    destroyForStaff(staffId) {
      for (const [id, s] of sessions) if (s.staffId === staffId) sessions.delete(id);
    },
  };
}

export const SESSION_COOKIE = "hotro_console";

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function sessionCookie(value: string, options: { secure: boolean; maxAgeSeconds?: number }): string {
  const attributes = [`${SESSION_COOKIE}=${value}`, "Path=/console", "HttpOnly", "SameSite=Strict"];
  if (options.secure) attributes.push("Secure");
  if (options.maxAgeSeconds !== undefined) attributes.push(`Max-Age=${options.maxAgeSeconds}`);
  return attributes.join("; ");
}
