/**
 * Restores a backup made by `npm run backup` (database, stored files, app secret):
 *   npm run restore -- data/backups/hotro-backup-2026-11-30T02-00-00Z.tar.gz
 * The embedded database is restored only while hotro is stopped (refused otherwise). What is replaced
 * is moved to DATA_DIR/replaced-<time>, not deleted.
 */
import { existsSync } from "node:fs";
import { restoreCommand } from "../src/admin/infra/admin-command.js";
import { pgToolsAvailable } from "../src/admin/infra/pg-tools.js";
import { adminContext, commandArguments, fail, runCommand } from "./admin-context.js";

const usage = "usage: npm run restore -- <backup file>";
const { positionals } = commandArguments({ allowPositionals: true }, usage);
const [archive] = positionals;
if (!archive || positionals.length !== 1) fail(usage);
if (archive && !existsSync(archive)) fail(`no such file: ${archive}`, 66);

const ctx = await adminContext();
if (ctx.env.DATABASE_URL && !(await pgToolsAvailable()))
  fail("PostgreSQL: pg_restore is not installed here; install the PostgreSQL client tools.", 69);
await runCommand(async () => {
  const done = await restoreCommand(ctx, archive ?? "");
  process.stdout.write(`restored the backup of ${done.manifest.createdAt}; what it replaced is in ${done.replacedDir}\n`);
});
