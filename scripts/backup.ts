/**
 * Writes a backup (database and stored files, one tar.gz) to DATA_DIR/backups:
 *   npm run backup
 * On the embedded database the running server makes it (a consistent dump while it works); with
 * no server running, this command opens the data folder itself. PostgreSQL: pg_dump must be installed.
 */
import { runAdminCommand } from "../src/admin/infra/admin-command.js";
import { pgToolsAvailable } from "../src/admin/infra/pg-tools.js";
import { adminContext, commandArguments, fail, runCommand } from "./admin-context.js";

commandArguments({}, "usage: npm run backup (writes DATA_DIR/backups/hotro-backup-<time>.tar.gz)");
const ctx = await adminContext();
if (ctx.env.DATABASE_URL && !(await pgToolsAvailable())) {
  fail(
    "PostgreSQL: pg_dump and pg_restore are not installed here; install the PostgreSQL client tools, or back up with pg_dump as the README says.",
    69,
  );
}
await runCommand(async () => {
  const answer = await runAdminCommand(ctx, { command: "backup" });
  if (!answer.ok) fail(`refused: ${answer.error}`, 65);
  else process.stdout.write(`backup written: ${String(answer.result.file)}${answer.via === "server" ? " (by the running server)" : ""}\n`);
});
