import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { backupFileName } from "../../src/admin/backup-names.js";
import { dailyBackupRound } from "../../src/admin/daily-backup.js";
import { restoreCommand } from "../../src/admin/infra/admin-command.js";
import { backupsDirOf, createBackup, restoreBackup } from "../../src/admin/infra/backup.js";
import { pgToolsAvailable } from "../../src/admin/infra/pg-tools.js";
import { parseEnv } from "../../src/config/env.js";
import { embeddedDatabaseDir } from "../../src/db/data-dir-lock.js";
import { type Database, openDatabase, openMigratedDatabase } from "../../src/db/database.js";
import { loadDefaultPolicy } from "../support/default-policy.js";
import { FakeClock } from "../support/fake-clock.js";
import { silentLogger } from "../support/logger.js";
import { createPostgresDatabaseUrl } from "../support/test-db.js";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "hotro-backup-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** A customer with one ticket numbered `number`, and a stored file under DATA_DIR/files. */
async function addTicket(db: Database, description: string) {
  const customer = await db.prisma.customer.create({ data: { name: `Khách ${description}` } });
  return db.prisma.ticket.create({
    data: { customerId: customer.id, channel: "webchat", categoryId: "email", departmentId: "technical", status: "ready", description },
  });
}
const descriptions = async (db: Database) => (await db.prisma.ticket.findMany({ orderBy: { number: "asc" } })).map((t) => t.description);
const storeFile = async (key: string, text: string) => {
  const file = path.join(dataDir, "files", key);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
};
const readStored = (key: string) => readFile(path.join(dataDir, "files", key), "utf8");

/** The embedded database in DATA_DIR: the first time from the run's migrated dump (no initdb), then as it is. */
async function openEmbedded(): Promise<Database> {
  const folder = embeddedDatabaseDir(dataDir);
  if (existsSync(path.join(folder, "PG_VERSION"))) return openDatabase({ kind: "pglite", dataDir: folder });
  return openDatabase({ kind: "pglite", dataDir: folder, loadDataDir: new Blob([await readFile(inject("pgliteDumpFile"))]) });
}

describe("backup and restore", () => {
  it("embedded database: backup while open → change → restore gives the backup's tickets and files", { timeout: 120_000 }, async () => {
    const clock = new FakeClock("2026-11-30T02:00:00Z");
    let db = await openEmbedded();
    await addTicket(db, "hộp thư không nhận được thư");
    await storeFile("telegram/anh-chup.txt", "ảnh chụp màn hình");
    // Made while the database is open and in use, as the running server does.
    const archive = await createBackup({ db, dataDir }, clock.now());
    expect(path.basename(archive)).toBe("hotro-backup-2026-11-30T02-00-00Z.tar.gz");
    expect((await stat(archive)).mode & 0o777).toBe(0o600);

    await addTicket(db, "made after the backup");
    await db.prisma.ticket.updateMany({ where: { number: 1 }, data: { description: "changed after the backup" } });
    await storeFile("telegram/anh-chup.txt", "overwritten after the backup");
    await storeFile("email/new-file.txt", "new after the backup");
    expect(await descriptions(db)).toEqual(["changed after the backup", "made after the backup"]);
    await db.close();

    clock.advance(3_600_000);
    const { replacedDir, manifest } = await restoreBackup({ dataDir, kind: "pglite" }, archive, clock.now());
    expect(manifest.createdAt).toBe("2026-11-30T02:00:00.000Z");

    db = await openEmbedded();
    try {
      expect(await descriptions(db)).toEqual(["hộp thư không nhận được thư"]);
      // The sequence is the backup's too: the next ticket is number 2 again.
      expect((await addTicket(db, "after the restore")).number).toBe(2);
    } finally {
      await db.close();
    }
    expect(await readStored("telegram/anh-chup.txt")).toBe("ảnh chụp màn hình");
    expect(existsSync(path.join(dataDir, "files", "email", "new-file.txt"))).toBe(false);
    // What the restore replaced is kept aside, not deleted.
    expect(await readFile(path.join(replacedDir, "files", "email", "new-file.txt"), "utf8")).toBe("new after the backup");
  });

  it("refuses a file that is not a hotro backup and leaves the data as it was", async () => {
    const bogus = path.join(dataDir, "not-a-backup.tar.gz");
    await writeFile(bogus, "plain text");
    await storeFile("a.txt", "kept");
    await expect(restoreBackup({ dataDir, kind: "pglite" }, bogus, new Date())).rejects.toThrow();
    expect(await readStored("a.txt")).toBe("kept");
    expect((await readdir(dataDir)).filter((name) => name.startsWith("replaced-") || name.startsWith(".restore-"))).toEqual([]);
  });

  it("PostgreSQL: backup with pg_dump → change → restore with pg_restore gives the backup's state", { timeout: 120_000 }, async (test) => {
    if (!process.env.TEST_DATABASE_URL) {
      test.skip("PostgreSQL restore: TEST_DATABASE_URL is not set");
      return;
    }
    if (!(await pgToolsAvailable())) {
      test.skip("PostgreSQL restore: pg_dump/pg_restore are not installed");
      return;
    }
    const url = await createPostgresDatabaseUrl();
    const clock = new FakeClock("2026-11-30T02:00:00Z");
    let db = await openMigratedDatabase({ kind: "postgres", url, poolSize: 2 }, silentLogger);
    try {
      await addTicket(db, "tên miền hết hạn");
      await storeFile("email/hoa-don.txt", "hóa đơn");
      const archive = await createBackup({ db, dataDir, databaseUrl: url }, clock.now());
      await addTicket(db, "made after the backup");
      await storeFile("email/hoa-don.txt", "changed");
      // `npm run restore` refuses while an instance is connected (this test's own pool stands for one).
      const parsed = parseEnv({ DATABASE_URL: url, DATA_DIR: dataDir, APP_SECRET: "x".repeat(40) });
      if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
      const command = { env: parsed.env, policy: await loadDefaultPolicy(), clock, logger: silentLogger };
      await expect(restoreCommand(command, archive)).rejects.toThrow(/other sessions are connected to the database/);
      expect(await descriptions(db)).toEqual(["tên miền hết hạn", "made after the backup"]);
      await db.close();
      const { replacedDir } = await restoreBackup({ dataDir, kind: "postgres", databaseUrl: url }, archive, clock.now());
      db = await openMigratedDatabase({ kind: "postgres", url, poolSize: 2 }, silentLogger);
      expect(await descriptions(db)).toEqual(["tên miền hết hạn"]);
      expect(await readStored("email/hoa-don.txt")).toBe("hóa đơn");
      // What it replaced is kept: the database as it was, dumped, and the files.
      expect((await readdir(replacedDir)).sort()).toEqual(["database.dump", "files"]);
    } finally {
      await db.close();
    }
  });
});

describe("daily backups and retention", () => {
  it("a round backs up when none is a day old, and deletes only backups older than BACKUP_KEEP_DAYS", async () => {
    const clock = new FakeClock("2026-11-30T03:00:00Z");
    const day = 24 * 3_600_000;
    await mkdir(backupsDirOf(dataDir), { recursive: true });
    const old = [15, 20].map((d) => backupFileName(new Date(clock.now().getTime() - d * day)));
    const kept = [14 * day - 60_000, 2 * day, 25 * 3_600_000].map((ms) => backupFileName(new Date(clock.now().getTime() - ms)));
    const other = "notes.txt";
    for (const name of [...old, ...kept, other]) await writeFile(path.join(backupsDirOf(dataDir), name), "x");

    // The database's part of a backup is tested above; here only which files come and go.
    const db = { kind: "pglite" as const, dumpDataDir: async () => new Blob(["pgdata"]) };
    await dailyBackupRound({ db, dataDir }, clock, 14, silentLogger);
    const made = backupFileName(clock.now());
    expect((await readdir(backupsDirOf(dataDir))).sort()).toEqual([...kept, made, other].sort());

    // 23 hours later: no second backup, and the one that is now over 14 days old is deleted.
    clock.advance(23 * 3_600_000);
    await dailyBackupRound({ db, dataDir }, clock, 14, silentLogger);
    expect((await readdir(backupsDirOf(dataDir))).sort()).toEqual([...kept.slice(1), made, other].sort());
    // A day after the last one: a new backup.
    clock.advance(3_600_000);
    await dailyBackupRound({ db, dataDir }, clock, 14, silentLogger);
    expect((await readdir(backupsDirOf(dataDir))).sort()).toEqual([...kept.slice(1), made, backupFileName(clock.now()), other].sort());
  });
});
