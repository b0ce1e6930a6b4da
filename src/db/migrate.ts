import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "../kernel/logger.js";
import type { SqlSession } from "./sql-session.js";

/**
 * Applies prisma/migrations at boot, recording each in Prisma's own `_prisma_migrations`
 * table with Prisma's checksum (sha256 of migration.sql), so `prisma migrate status` agrees.
 * A session-level advisory lock lets several instances boot at once: each migration runs once.
 */

export const migrationsDir = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

// Arbitrary constant shared by every instance of hotro ("hotro" in ASCII).
const MIGRATION_LOCK_KEY = 0x686f74726f;

// The DDL Prisma itself uses for its migrations table.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export async function applyMigrations(session: SqlSession, logger: Logger, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  await session.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
  try {
    await session.exec(CREATE_MIGRATIONS_TABLE);
    const done = await appliedMigrations(session);
    const applied: string[] = [];
    for (const migration of all) {
      const existing = done.get(migration.name);
      if (existing !== undefined) {
        if (existing !== migration.checksum) logger.warn({ migration: migration.name }, "migration file changed after it was applied");
        continue;
      }
      await applyOne(session, migration);
      logger.info({ migration: migration.name }, "migration applied");
      applied.push(migration.name);
    }
    return applied;
  } finally {
    await session.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
  }
}

/** Names of the migrations on disk that the database has not finished: empty when up to date. */
export async function pendingMigrations(session: SqlSession, migrations: Migration[]): Promise<string[]> {
  const done = await appliedMigrations(session).catch(() => new Map<string, string>());
  return migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
}

async function appliedMigrations(session: SqlSession): Promise<Map<string, string>> {
  const rows = await session.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Map(rows.map((r) => [r.migration_name, r.checksum]));
}

async function applyOne(session: SqlSession, migration: Migration): Promise<void> {
  const id = randomUUID();
  await session.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`, [
    id,
    migration.checksum,
    migration.name,
  ]);
  try {
    // Prisma's migration.sql carries no transaction of its own; one keeps a failed migration from leaving half a schema.
    await session.exec(`BEGIN;\n${migration.sql}\nCOMMIT;`);
  } catch (error) {
    await session.exec("ROLLBACK").catch(() => undefined);
    await session.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, String(error)]);
    throw error;
  }
  await session.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
}
