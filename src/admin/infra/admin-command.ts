import type { Env } from "../../config/env.js";
import { acquireDataDirLock, dataDirHolder, dataDirTakenMessage, embeddedDatabaseDir } from "../../db/data-dir-lock.js";
import { openMigratedDatabase } from "../../db/database.js";
import type { Clock } from "../../kernel/clock.js";
import type { Logger } from "../../kernel/logger.js";
import type { Policy } from "../../policy/policy.schema.js";
import { createPolicySchedule, createTicketService } from "../../tickets/index.js";
import { sendAdminRequest } from "../admin-client.js";
import { runAdminOperation } from "../operations.js";
import { type AdminRequest, type AdminResponse, adminSocketPathOf } from "../protocol.js";
import { restoreBackup } from "./backup.js";
import { adminOperationDeps } from "./operation-deps.js";
import { otherClients } from "./pg-tools.js";

/** A refusal the operator reads as one line (exit code 75: try again later, or 64: misuse). */
export class AdminCommandRefused extends Error {}

export interface AdminCommandContext {
  env: Env;
  policy: Policy;
  clock: Clock;
  logger: Logger;
}

/**
 * How an admin command reaches the data: PostgreSQL directly; the embedded database through the
 * server that has its folder open (the admin socket), or, when none runs, by opening the folder
 * itself under the same lock a server takes, so no server can start meanwhile.
 */
export async function runAdminCommand(
  ctx: AdminCommandContext,
  request: AdminRequest,
): Promise<AdminResponse & { via: "server" | "direct" }> {
  const { env } = ctx;
  if (env.DATABASE_URL) return { ...(await runDirectly(ctx, request)), via: "direct" };
  const holder = dataDirHolder(env.DATA_DIR);
  if (holder !== null) return { ...(await throughServer(env.DATA_DIR, holder, request)), via: "server" };
  const attempt = acquireDataDirLock(env.DATA_DIR);
  // A server took the folder between the two looks.
  if (!attempt.ok) return { ...(await throughServer(env.DATA_DIR, attempt.holder, request)), via: "server" };
  try {
    return { ...(await runDirectly(ctx, request)), via: "direct" };
  } finally {
    attempt.lock.release();
  }
}

/**
 * Restores a backup. The embedded database is restored only while no server has its folder open
 * (refused otherwise: stop it, restore, start it); PostgreSQL with pg_restore, every instance stopped.
 */
export async function restoreCommand(ctx: AdminCommandContext, archive: string) {
  const { env } = ctx;
  if (env.DATABASE_URL) {
    const clients = await otherClients(env.DATABASE_URL);
    if (clients.length > 0) {
      throw new AdminCommandRefused(
        `${clients.length} other sessions are connected to the database (${[...new Set(clients)].join(", ")}; running hotro instances?): stop every instance, then restore.`,
      );
    }
    return restoreBackup({ dataDir: env.DATA_DIR, kind: "postgres", databaseUrl: env.DATABASE_URL }, archive, ctx.clock.now());
  }
  const attempt = acquireDataDirLock(env.DATA_DIR);
  if (!attempt.ok) {
    throw new AdminCommandRefused(`${dataDirTakenMessage(env.DATA_DIR, attempt.holder)} Stop hotro, then restore.`);
  }
  try {
    return await restoreBackup({ dataDir: env.DATA_DIR, kind: "pglite" }, archive, ctx.clock.now());
  } finally {
    attempt.lock.release();
  }
}

async function throughServer(dataDir: string, holder: number, request: AdminRequest): Promise<AdminResponse> {
  try {
    return await sendAdminRequest(adminSocketPathOf(dataDir), request);
  } catch (error) {
    throw new AdminCommandRefused(
      `hotro (pid ${holder}) has the data folder ${dataDir} open, but its admin endpoint does not answer (${error instanceof Error ? error.message : String(error)}): try again once it has started.`,
    );
  }
}

async function runDirectly(ctx: AdminCommandContext, request: AdminRequest): Promise<AdminResponse> {
  const { env, policy, clock, logger } = ctx;
  const db = await openMigratedDatabase(
    env.DATABASE_URL
      ? { kind: "postgres", url: env.DATABASE_URL, poolSize: 2 }
      : { kind: "pglite", dataDir: embeddedDatabaseDir(env.DATA_DIR) },
    logger,
  );
  try {
    const tickets = createTicketService({
      db,
      policy,
      clock,
      schedule: createPolicySchedule(policy),
      staffChannels: [],
      afterCommit: () => undefined,
    });
    const deps = adminOperationDeps({ db, tickets, policy, clock, dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL });
    return await runAdminOperation(deps, request);
  } finally {
    await db.close();
  }
}
