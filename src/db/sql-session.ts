import { createHash } from "node:crypto";
import pg from "pg";

/** Raw SQL on one session: migrations, health checks and the plain statements of the hot paths. */
export interface SqlSession {
  /** Runs a script of several statements (simple query protocol). */
  exec(script: string): Promise<void>;
  query<T extends Record<string, unknown>>(text: string, params?: unknown[], options?: StatementOptions): Promise<T[]>;
}

export interface StatementOptions {
  /**
   * Planned at every call with the tables' statistics of the moment, never from a cached plan: for
   * the queues' claims, whose tables go from empty to thousands of rows within seconds (a plan cached
   * while one was empty was measured at a hundred times the cost once it had filled).
   */
  replan?: boolean;
}

/** `timestamp` (without a zone): Prisma keeps UTC there, which the drivers would read as local time. */
const TIMESTAMP_OID = 1114;
const utcTimestamp = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
const pgTypes = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? utcTimestamp : pg.types.getTypeParser(oid, format as "text"),
};

/**
 * A statement's name, the same on every connection: node-postgres prepares a named statement once
 * per connection and then only binds it, so the server parses and plans the hot path's few
 * statements once per connection instead of at every call (planning was 40 % of its time for them).
 */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `hotro_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

export function pgSession(client: pg.ClientBase): SqlSession {
  return {
    exec: async (script) => {
      await client.query(script);
    },
    query: async <T extends Record<string, unknown>>(text: string, values: unknown[] = [], options: StatementOptions = {}) => {
      const run = async (name?: string) =>
        (await client.query<T>({ ...(name ? { name } : {}), text, values, types: pgTypes as pg.CustomTypesConfig })).rows;
      if (options.replan) return run();
      try {
        return await run(statementName(text));
      } catch (error) {
        // A migration by another instance changed a table a `SELECT *` reads: this once, unprepared.
        if (!changedResultType(error)) throw error;
        return run();
      }
    },
  };
}

const changedResultType = (error: unknown) =>
  error instanceof Error && (error as { code?: string }).code === "0A000" && /result type/.test(error.message);
