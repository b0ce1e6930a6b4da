import { startPeriodic } from "../jobs/periodic.js";
import type { Clock } from "../kernel/clock.js";
import type { Logger } from "../kernel/logger.js";
import { backupDue } from "./backup-names.js";
import { type BackupTarget, createBackup, listBackups, pruneBackups } from "./infra/backup.js";

/** Checked every hour (first an hour after the start), so a server restarted now and then still backs up once a day. */
const CHECK_EVERY_MS = 3_600_000;

/** One round: a backup when none was made in the last 24 hours, then the ones past retention deleted. */
export async function dailyBackupRound(target: BackupTarget, clock: Clock, keepDays: number, logger: Logger): Promise<void> {
  if (backupDue(await listBackups(target.dataDir), clock.now())) {
    const file = await createBackup(target, clock.now());
    logger.info({ file }, "daily backup written");
  }
  const deleted = await pruneBackups(target.dataDir, clock.now(), keepDays);
  if (deleted.length > 0) logger.info({ deleted, keepDays }, "old backups deleted");
}

export function startDailyBackups(target: BackupTarget, clock: Clock, keepDays: number, logger: Logger) {
  return startPeriodic("backup", CHECK_EVERY_MS, () => dailyBackupRound(target, clock, keepDays, logger), logger, false);
}
