import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import * as tar from "tar";
import { z } from "zod";
import { appSecretFile } from "../../config/app-secret.js";
import { embeddedDatabaseDir } from "../../db/data-dir-lock.js";
import { type Database, loadPgliteDataDir } from "../../db/database.js";
import { backupFileName, expiredBackups } from "../backup-names.js";
import { pgDump, pgRestore } from "./pg-tools.js";

/**
 * A backup is one tar.gz in DATA_DIR/backups (mode 0600): `manifest.json`, the database
 * (`database.tar`, PGlite's own dump of its data folder; or `database.dump`, pg_dump's custom format
 * for PostgreSQL), the customers' files (`files/`) and the generated app secret when there is one,
 * so that ticket and file links keep working after a restore on another machine.
 */
const manifestSchema = z.object({
  format: z.literal("hotro-backup"),
  version: z.literal(1),
  createdAt: z.iso.datetime(),
  database: z.enum(["pglite", "postgres"]),
});
type Manifest = z.infer<typeof manifestSchema>;

const DATABASE_FILE = { pglite: "database.tar", postgres: "database.dump" } as const;

export const backupsDirOf = (dataDir: string) => path.resolve(dataDir, "backups");
const filesDirOf = (dataDir: string) => path.resolve(dataDir, "files");

export interface BackupTarget {
  db: Pick<Database, "kind" | "dumpDataDir">;
  dataDir: string;
  /** PostgreSQL: the database's URL, for pg_dump. */
  databaseUrl?: string;
}

/** Writes a backup and returns its path. The database first: files it names were stored before it. */
export async function createBackup(target: BackupTarget, now: Date): Promise<string> {
  const { db, dataDir } = target;
  const backups = backupsDirOf(dataDir);
  await mkdir(backups, { recursive: true, mode: 0o700 });
  const name = backupFileName(now);
  const work = path.join(backups, `.work-${name}`);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { mode: 0o700 });
  try {
    const manifest: Manifest = { format: "hotro-backup", version: 1, createdAt: now.toISOString(), database: db.kind };
    const entries = ["manifest.json", DATABASE_FILE[db.kind]];
    await writeFile(path.join(work, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    if (db.kind === "pglite") {
      if (!db.dumpDataDir) throw new Error("this database cannot dump its data folder");
      const dump = await db.dumpDataDir();
      await writeFile(path.join(work, DATABASE_FILE.pglite), Buffer.from(await dump.arrayBuffer()));
    } else {
      if (!target.databaseUrl) throw new Error("a PostgreSQL backup needs the database URL");
      await pgDump(target.databaseUrl, path.join(work, DATABASE_FILE.postgres));
    }
    // Links, followed when packing: the files are read where they are, never copied first.
    if (existsSync(filesDirOf(dataDir))) {
      await symlink(filesDirOf(dataDir), path.join(work, "files"));
      entries.push("files");
    }
    if (existsSync(appSecretFile(dataDir))) {
      await symlink(appSecretFile(dataDir), path.join(work, "app-secret"));
      entries.push("app-secret");
    }
    const file = path.join(backups, name);
    const partial = `${file}.partial`;
    await tar.create({ gzip: true, cwd: work, follow: true, portable: true, file: partial }, entries);
    await chmod(partial, 0o600);
    // Renamed only when complete: a backup in the folder is always a whole one.
    await rename(partial, file);
    return file;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Puts a backup in place of the current data: the database (PGlite: its data folder; PostgreSQL:
 * pg_restore into DATABASE_URL), the files and the app secret. Whatever it replaces in DATA_DIR is
 * moved, not deleted, to DATA_DIR/replaced-<time>. The caller makes sure nothing else has the
 * folder or the database open.
 */
export async function restoreBackup(
  target: { dataDir: string; kind: Database["kind"]; databaseUrl?: string },
  archive: string,
  now: Date,
): Promise<{ replacedDir: string; manifest: Manifest }> {
  const { dataDir } = target;
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, "-");
  const staging = path.resolve(dataDir, `.restore-${stamp}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    await tar.extract({ file: archive, cwd: staging, strict: true });
    const manifest = await readManifest(staging);
    if (manifest.database !== target.kind) {
      throw new Error(`this backup is of the ${manifest.database} database, and hotro is configured for ${target.kind}`);
    }
    const replacedDir = path.resolve(dataDir, `replaced-${stamp}`);
    await mkdir(replacedDir, { recursive: true, mode: 0o700 });
    if (manifest.database === "pglite") {
      // Loaded into a new folder first: a backup that does not load leaves the current data untouched.
      const dump = new Blob([await readFile(path.join(staging, DATABASE_FILE.pglite))]);
      await loadPgliteDataDir(path.join(staging, "pglite"), dump);
      await moveIfPresent(embeddedDatabaseDir(dataDir), path.join(replacedDir, "pglite"));
      await rename(path.join(staging, "pglite"), embeddedDatabaseDir(dataDir));
    } else {
      const url = target.databaseUrl;
      if (!url) throw new Error("a PostgreSQL restore needs the database URL");
      // What is replaced is kept, as on the embedded database: the database as it was, dumped.
      await pgDump(url, path.join(replacedDir, DATABASE_FILE.postgres));
      await pgRestore(url, path.join(staging, DATABASE_FILE.postgres));
    }
    await moveIfPresent(filesDirOf(dataDir), path.join(replacedDir, "files"));
    await moveIfPresent(path.join(staging, "files"), filesDirOf(dataDir));
    if (existsSync(path.join(staging, "app-secret"))) {
      await moveIfPresent(appSecretFile(dataDir), path.join(replacedDir, "app-secret"));
      await rename(path.join(staging, "app-secret"), appSecretFile(dataDir));
      await chmod(appSecretFile(dataDir), 0o600);
    }
    return { replacedDir, manifest };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Deletes the backups older than `keepDays` days; returns their names. */
export async function pruneBackups(dataDir: string, now: Date, keepDays: number): Promise<string[]> {
  const names = await listBackups(dataDir);
  const expired = expiredBackups(names, now, keepDays);
  for (const name of expired) await rm(path.join(backupsDirOf(dataDir), name), { force: true });
  return expired;
}

export async function listBackups(dataDir: string): Promise<string[]> {
  try {
    return (await readdir(backupsDirOf(dataDir))).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

async function readManifest(dir: string): Promise<Manifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8"));
  } catch {
    throw new Error("not a hotro backup: manifest.json is missing or unreadable");
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`not a hotro backup this version can restore: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

async function moveIfPresent(from: string, to: string): Promise<void> {
  if (existsSync(from)) await rename(from, to);
}
