import type { PGlite, Transaction } from "@electric-sql/pglite";
import pg from "pg";

/** Raw SQL on one session: migrations, health checks and the plain statements of the hot paths. */
export interface SqlSession {
  /** Runs a script of several statements (simple query protocol). */
  exec(script: string): Promise<void>;
  query<T extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** `timestamp` (without a zone): Prisma keeps UTC there, which the drivers would read as local time. */
const TIMESTAMP_OID = 1114;
const utcTimestamp = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
const pgTypes = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? utcTimestamp : pg.types.getTypeParser(oid, format as "text"),
};

export function pgliteSession(db: Pick<PGlite | Transaction, "exec" | "query">): SqlSession {
  return {
    exec: async (script) => {
      await db.exec(script);
    },
    query: async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
      (await db.query<T>(text, params, { parsers: { [TIMESTAMP_OID]: utcTimestamp } })).rows,
  };
}

export function pgSession(client: pg.ClientBase): SqlSession {
  return {
    exec: async (script) => {
      await client.query(script);
    },
    query: async <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
      (await client.query<T>({ text, values, types: pgTypes as pg.CustomTypesConfig })).rows,
  };
}
