import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { dumpPglite } from "../../src/db/database.js";
import { applyMigrations } from "../../src/db/migrate.js";
import { pgSession } from "../../src/db/sql-session.js";
import { silentLogger } from "./logger.js";

/**
 * Migrates once per run: a PGlite dump that each test file clones (a new PGlite costs seconds),
 * and, when TEST_DATABASE_URL is set, a PostgreSQL template database cloned with CREATE DATABASE … TEMPLATE.
 */
export default async function setup(project: TestProject) {
  const dumpFile = path.join(tmpdir(), `hotro-pglite-${process.pid}.tar`);
  const dump = await dumpPglite(undefined, silentLogger);
  await writeFile(dumpFile, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteDumpFile", dumpFile);

  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    project.provide("postgresTemplate", "");
    return;
  }
  const template = `hotro_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const migrated = new pg.Client({ connectionString: withDatabase(url, template) });
  await migrated.connect();
  await applyMigrations(pgSession(migrated), silentLogger);
  await migrated.end();
  project.provide("postgresTemplate", template);

  return async () => {
    // Drop the template and every database cloned from it in this run.
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `hotro_t_${process.pid}_%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteDumpFile: string;
    postgresTemplate: string;
  }
}
