/**
 * Backup files are named by their UTC time (`hotro-backup-2026-11-30T22-45-00Z.tar.gz`): the name
 * alone says how old a backup is, so retention and "is one due?" are pure and need no file times.
 */
const PATTERN = /^hotro-backup-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})Z\.tar\.gz$/;
const DAY_MS = 24 * 3_600_000;

export function backupFileName(at: Date): string {
  const stamp = at.toISOString().slice(0, 19).replace(/:/g, "-");
  return `hotro-backup-${stamp}Z.tar.gz`;
}

/** When a backup was made, from its name; null for any other file. */
export function backupTime(name: string): Date | null {
  const match = PATTERN.exec(name);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const time = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  return Number.isNaN(time.getTime()) ? null : time;
}

/** The backups older than `keepDays` days; files that are not backups are never chosen. */
export function expiredBackups(names: string[], now: Date, keepDays: number): string[] {
  const limit = now.getTime() - keepDays * DAY_MS;
  return names.filter((name) => {
    const time = backupTime(name);
    return time !== null && time.getTime() < limit;
  });
}

/** A daily backup is due when no backup was made in the last 24 hours. */
export function backupDue(names: string[], now: Date): boolean {
  const latest = Math.max(Number.NEGATIVE_INFINITY, ...names.map((name) => backupTime(name)?.getTime() ?? Number.NEGATIVE_INFINITY));
  return now.getTime() - latest >= DAY_MS;
}
