import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

/** Raw SQL on one session: what migrations and health checks need below Prisma. */
export interface SqlSession {
  /** Runs a script of several statements (simple query protocol). */
  exec(script: string): Promise<void>;
  query<T extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export function pgliteSession(db: PGlite): SqlSession {
  return {
    exec: async (script) => {
      await db.exec(script);
    },
    query: async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => (await db.query<T>(text, params)).rows,
  };
}

export function pgSession(client: pg.ClientBase): SqlSession {
  return {
    exec: async (script) => {
      await client.query(script);
    },
    query: async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows,
  };
}
