import { startAdminServer } from "./admin/admin-server.js";
import { startDailyBackups } from "./admin/daily-backup.js";
import { adminOperationDeps } from "./admin/infra/operation-deps.js";
import { runAdminOperation } from "./admin/operations.js";
import { createApp, dataDirOf } from "./app.js";
import { loadDotEnv } from "./config/dotenv.js";
import { formatEnvProblems, parseEnv } from "./config/env.js";
import { acquireDataDirLock, dataDirTakenMessage } from "./db/data-dir-lock.js";
import { openMigratedDatabase } from "./db/database.js";
import { systemClock } from "./kernel/clock.js";
import { createLogger } from "./logging/logger.js";
import { defaultPolicyFile, loadPolicyFile } from "./policy/load-policy.js";

/** The composition root: reads the configuration, builds everything, starts what is configured. */

// Configuration problems are the operator's to fix: one clear message, no stack trace, exit code 78 (EX_CONFIG).
function refuseToStart(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(78);
}

loadDotEnv();
const parsed = parseEnv(process.env);
if (!parsed.ok) refuseToStart(formatEnvProblems(parsed.problems));
const env = parsed.env;

const policyFile = env.POLICY_FILE ?? defaultPolicyFile;
const policyResult = await loadPolicyFile(policyFile);
if (!policyResult.ok) {
  refuseToStart(
    `hotro cannot start: the policy file ${policyFile} is invalid.\n${policyResult.problems.map((p) => `  - ${p}`).join("\n")}`,
  );
}

const policy = policyResult.policy;

const logger = createLogger({ level: env.LOG_LEVEL, format: env.LOG_FORMAT });
const databaseOptions = env.DATABASE_URL
  ? ({ kind: "postgres", url: env.DATABASE_URL, ...(env.DATABASE_POOL_SIZE ? { poolSize: env.DATABASE_POOL_SIZE } : {}) } as const)
  : ({ kind: "pglite", dataDir: dataDirOf(env) } as const);

// The embedded database: one process only may open its folder (admin commands go through this one).
const dataDirLock = databaseOptions.kind === "pglite" ? acquireDataDirLock(env.DATA_DIR) : undefined;
if (dataDirLock && !dataDirLock.ok) refuseToStart(`hotro cannot start: ${dataDirTakenMessage(env.DATA_DIR, dataDirLock.holder)}`);
process.on("exit", () => dataDirLock?.ok && dataDirLock.lock.release());

let db: Awaited<ReturnType<typeof openMigratedDatabase>>;
try {
  db = await openMigratedDatabase(databaseOptions, logger.child({ module: "db" }));
} catch (error) {
  logger.fatal({ err: error, database: databaseOptions.kind }, "cannot open the database");
  refuseToStart(`hotro cannot start: the database is unavailable (${error instanceof Error ? error.message : String(error)}).`);
}

// What the operator must read once the server listens (the first administrator's link), printed as
// a plain banner on stderr: readable whatever LOG_FORMAT is, and kept out of the structured log.
const notices: string[] = [];
const app = await createApp({ env, policy, policyFile, db, clock: systemClock, logger, announce: (text) => notices.push(text) });
await app.server.listen({ port: env.PORT, host: env.HOST });
await app.start();
const embedded = db.kind === "pglite" ? await startEmbeddedAdmin() : undefined;
logger.info({ port: env.PORT, database: db.kind, policy: policyFile }, "hotro is running");
for (const notice of notices) process.stderr.write(banner(notice));

/** The admin socket and the daily backup: what a server on the embedded database does for its data folder. */
async function startEmbeddedAdmin() {
  const adminLogger = logger.child({ module: "admin" });
  const deps = adminOperationDeps({ db, tickets: app.tickets, policy, clock: systemClock, dataDir: env.DATA_DIR });
  const admin = await startAdminServer({ dataDir: env.DATA_DIR, logger: adminLogger, run: (request) => runAdminOperation(deps, request) });
  const backups = startDailyBackups({ db, dataDir: env.DATA_DIR }, systemClock, env.BACKUP_KEEP_DAYS, adminLogger);
  return {
    async stop() {
      await admin.stop();
      await backups.stop();
    },
  };
}

function banner(text: string): string {
  const rule = "─".repeat(72);
  return `\n${rule}\n${text}\n${rule}\n\n`;
}

// SIGHUP: read the policy file again (a bad one is refused and logged; the running policy stays).
process.on("SIGHUP", () => {
  app.reloadPolicy("SIGHUP").catch((error: unknown) => logger.error({ err: error }, "policy reload failed"));
});

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    Promise.resolve(embedded?.stop())
      .then(() => app.stop())
      .then(
        () => process.exit(0),
        (error) => {
          logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
  });
}
