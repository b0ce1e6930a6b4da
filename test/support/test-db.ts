import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../src/db/database.js";
import { withDatabase } from "./global-setup.js";

export type DatabaseKind = "pglite" | "postgres";

/** The kinds this run can test: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const databaseKinds: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/** The database integration tests use by default: PostgreSQL when the run has one (as in CI). */
export const defaultKind: DatabaseKind = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";

/**
 * Databases handed back by closed tests, emptied and reused by the next one in this worker: opening a
 * PGlite costs seconds and a PostgreSQL clone a pool of connections, emptying the tables milliseconds.
 */
const idle: Record<DatabaseKind, Database[]> = { pglite: [], postgres: [] };

/**
 * A migrated database with no rows for one test (or one harness). `close()` hands it back for reuse;
 * after that, as after a real close, its health check fails and raw sessions are refused.
 */
export async function createTestDatabase(kind: DatabaseKind = defaultKind): Promise<Database> {
  const reused = idle[kind].pop();
  const db = reused ? await emptied(reused) : await openMigratedCopy(kind);
  let closed = false;
  return {
    ...db,
    withSession: (work) => (closed ? Promise.reject(new Error("the database is closed")) : db.withSession(work)),
    health: async () => (closed ? { ok: false, pending: [], error: "the database is closed" } : db.health()),
    close: async () => {
      if (closed) return;
      closed = true;
      idle[kind].push(db);
    },
  };
}

/** A migrated database that `close()` really closes: for tests of what happens when the database is gone. */
export async function openMigratedCopy(kind: DatabaseKind = defaultKind): Promise<Database> {
  if (kind === "pglite") {
    const dump = await readFile(inject("pgliteDumpFile"));
    return openDatabase({ kind: "pglite", loadDataDir: new Blob([dump]) });
  }
  return openDatabase({ kind: "postgres", url: await createPostgresDatabaseUrl() });
}

/** Every table of the schema emptied and every sequence restarted (ticket numbers start at 1 again). */
async function emptied(db: Database): Promise<Database> {
  await db.withSession(async (session) => {
    const tables = await session.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    await session.exec(`TRUNCATE ${tables.map((t) => t.name).join(", ")} RESTART IDENTITY CASCADE`);
  });
  return db;
}

/** Another instance on the same PostgreSQL database: connections of its own (close it yourself). */
export async function openSecondInstance(first: Database): Promise<Database> {
  const [row] = await first.withSession((s) => s.query<{ name: string }>("SELECT current_database() AS name"));
  return openDatabase({ kind: "postgres", url: withDatabase(process.env.TEST_DATABASE_URL ?? "", row?.name ?? "") });
}

/** Creates an empty-but-migrated PostgreSQL database from the run's template and returns its URL. */
export async function createPostgresDatabaseUrl(options: { migrated?: boolean } = {}): Promise<string> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("TEST_DATABASE_URL is not set");
  const name = `hotro_t_${process.ppid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    const template = options.migrated === false ? "template0" : inject("postgresTemplate");
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  return withDatabase(base, name);
}
