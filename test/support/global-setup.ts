import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { dumpPglite, pgliteStartParams } from "../../src/db/database.js";
import { applyMigrations, readMigrations } from "../../src/db/migrate.js";
import { pgSession } from "../../src/db/sql-session.js";
import { describeTestEnvironment } from "./environment.js";
import { silentLogger } from "./logger.js";

/**
 * Migrates once: a PGlite dump that each test worker clones (kept between runs while the migrations
 * and PGlite stay the same: initdb alone costs seconds), and, when TEST_DATABASE_URL is set, a
 * PostgreSQL template database cloned with CREATE DATABASE … TEMPLATE.
 */
export default async function setup(project: TestProject) {
  const environment = describeTestEnvironment();
  console.log(environment.line);
  if (process.env.CI && environment.missing.length) {
    throw new Error(`CI=1: every variant must run, but this machine lacks ${environment.missing.join(" and ")}`);
  }
  // The start-up tests run the built server, as `npm start` does: compile src/ when it changed.
  execFileSync(process.execPath, [path.join(root, "scripts/prepare.mjs")], { stdio: "inherit" });
  project.provide("pgliteDumpFile", await migratedPgliteDump());

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

async function migratedPgliteDump(): Promise<string> {
  const fingerprint = createHash("sha256");
  fingerprint.update(JSON.parse(await readFile(path.join(root, "node_modules/@electric-sql/pglite/package.json"), "utf8")).version);
  fingerprint.update(pgliteStartParams.join(" "));
  for (const migration of await readMigrations()) fingerprint.update(`${migration.name}:${migration.checksum}`);
  const dir = path.join(root, "node_modules/.cache/hotro-tests");
  const file = path.join(dir, `pglite-${fingerprint.digest("hex").slice(0, 16)}.tar`);
  if (existsSync(file)) return file;
  await mkdir(dir, { recursive: true });
  const dump = await dumpPglite(undefined, silentLogger);
  // Written under another name first: a run started at the same time never reads half a file.
  const partial = `${file}.${process.pid}`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, file);
  return file;
}

const root = path.resolve(import.meta.dirname, "../..");

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
