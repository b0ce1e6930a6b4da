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

/** A fresh, migrated database of its own (cloned: fast). */
export async function createTestDatabase(kind: DatabaseKind = defaultKind): Promise<Database> {
  if (kind === "pglite") {
    const dump = await readFile(inject("pgliteDumpFile"));
    return openDatabase({ kind: "pglite", loadDataDir: new Blob([dump]) });
  }
  return openDatabase({ kind: "postgres", url: await createPostgresDatabaseUrl() });
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
