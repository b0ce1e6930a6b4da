import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The embedded database (PGlite) may be opened by one process only: a second one would not see the
 * first one's writes and risks the data. Whoever opens DATA_DIR (the server, or an admin command
 * while no server runs) holds DATA_DIR/hotro.lock, which names its process id. A lock left by a
 * process that died is taken over.
 */
export const dataDirLockFile = (dataDir: string) => path.resolve(dataDir, "hotro.lock");

/** Where in DATA_DIR the embedded database keeps its own files. */
export const embeddedDatabaseDir = (dataDir: string) => path.resolve(dataDir, "pglite");

export interface DataDirLock {
  release(): void;
}

export type LockAttempt = { ok: true; lock: DataDirLock } | { ok: false; holder: number; file: string };

/** The pid that holds the folder, or null when nobody (alive) does. */
export function dataDirHolder(dataDir: string): number | null {
  const pid = readHolder(dataDirLockFile(dataDir));
  return pid !== null && pid !== process.pid && isAlive(pid) ? pid : null;
}

export function acquireDataDirLock(dataDir: string): LockAttempt {
  const file = dataDirLockFile(dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  // Two tries: the second after removing a lock whose process is gone.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // "wx": of two processes starting at once, exactly one creates the file.
      writeFileSync(file, `${process.pid}\n`, { flag: "wx", mode: 0o600 });
      return { ok: true, lock: { release: () => releaseIfOurs(file) } };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readHolder(file);
    if (holder !== null && holder !== process.pid && isAlive(holder)) return { ok: false, holder, file };
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  const holder = readHolder(file);
  return { ok: false, holder: holder ?? 0, file };
}

/** The one line an operator reads when the folder is taken. */
export function dataDirTakenMessage(dataDir: string, holder: number): string {
  return `the data folder ${path.resolve(dataDir)} is in use by another hotro process (pid ${holder}): one process only may open the embedded database.`;
}

function releaseIfOurs(file: string): void {
  if (readHolder(file) !== process.pid) return;
  try {
    unlinkSync(file);
  } catch {
    // Already gone: nothing to release.
  }
}

function readHolder(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8").trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
