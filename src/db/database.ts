import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { Logger } from "../kernel/logger.js";
import { capturingAdapterFactory, driverClientOf } from "./driver-transactions.js";
import { PrismaClient } from "./generated/client.js";
import { applyMigrations, type Migration, pendingMigrations, readMigrations } from "./migrate.js";
import { startPgliteWorker } from "./pglite-worker.js";
import { localSignals, postgresSignals, type Signals } from "./signals.js";
import { pgSession, type SqlSession, type StatementOptions } from "./sql-session.js";
import { joinable, openTransactionOf, type Prisma, sqlIn } from "./transaction-scope.js";

export type { Prisma, Tx } from "./transaction-scope.js";

export interface Database {
  kind: "pglite" | "postgres";
  prisma: Prisma;
  /** Connections this process may hold (1 for PGlite: one session). */
  poolSize: number;
  /** "Something changed" to every instance on this database. */
  signals: Signals;
  /**
   * One plain statement, for the hot paths of the inbound log and the outbox (the ORM plans every
   * query on the main thread, which costs several times the database's work for these): outside a
   * unit of work on a pooled connection (PGlite's one connection between transactions); inside one,
   * in its transaction. Pass times as ISO strings and cast them (`$1::timestamp`): columns hold UTC.
   */
  sql<T extends object>(text: string, params?: unknown[], options?: StatementOptions): Promise<T[]>;
  /** Runs raw SQL on a session of its own (migrations, health). */
  withSession<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /** True when the database answers and every migration on disk is applied. */
  health(): Promise<{ ok: boolean; pending: string[]; error?: string }>;
  /** PGlite only: a consistent copy of the data folder as a tarball, taken between statements. */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { kind: "postgres"; url: string; poolSize?: number }
  /** `dataDir` undefined: in memory. `loadDataDir`: start from a dump (tests clone a migrated one). */
  | { kind: "pglite"; dataDir?: string; loadDataDir?: Blob | File };

/** `logger`: where the embedded database says that its thread failed and started again. */
export async function openDatabase(options: DatabaseOptions, logger?: Logger): Promise<Database> {
  const db = options.kind === "postgres" ? await openPostgres(options.url, options.poolSize ?? 10) : await openPglite(options, logger);
  // Code inside a unit of work (see transaction-scope.ts) reads and writes in its transaction without being handed it.
  const prisma = joinable(db.prisma);
  const sql = <T extends object>(text: string, params: unknown[] = [], options?: StatementOptions): Promise<T[]> => {
    const tx = openTransactionOf(prisma);
    // PGlite has one session: a statement of its own while this unit's transaction is open would wait for it for ever.
    if (tx) return sqlIn<T>(tx, text, params, options);
    return db.withSession((session) => session.query(text, params, options)) as Promise<T[]>;
  };
  return { ...db, prisma, sql };
}

/** Opens the database and applies pending migrations: what the app does at boot. */
export async function openMigratedDatabase(options: DatabaseOptions, logger: Logger): Promise<Database> {
  if (options.kind === "pglite" && options.dataDir && !existsSync(path.join(options.dataDir, "PG_VERSION"))) {
    logger.info({ dataDir: options.dataDir }, "creating the embedded database (first start only, this takes a few seconds)…");
    await initialisePgliteInWorker(options.dataDir);
  }
  const db = await openDatabase(options, logger);
  try {
    await db.withSession((session) => applyMigrations(session, logger));
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

async function openPostgres(url: string, poolSize: number): Promise<Omit<Database, "sql">> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  return onPool(pool, { kind: "postgres", poolSize, signals: postgresSignals(pool, url) });
}

/**
 * PostgreSQL's default 128 MB of shared buffers would all live in PGlite's WebAssembly memory, which
 * never shrinks: 32 MB holds this schema's hot pages and keeps an idle embedded server near 250 MB RSS.
 */
export const pgliteStartParams = [...PGlite.defaultStartParams, "-c", "shared_buffers=32MB"];

/** PGlite in a worker thread (see pglite-worker.ts), reached through node-postgres as PostgreSQL is. */
async function openPglite(options: { dataDir?: string; loadDataDir?: Blob | File }, logger?: Logger): Promise<Omit<Database, "sql">> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const events = logger && {
    failed: (error: Error) => logger.error({ err: error }, "the embedded database failed"),
    restarted: () => logger.warn("the embedded database started again over its folder: connections work again"),
    restartFailed: (error: Error, retryInMs: number) =>
      logger.error({ err: error, retryInMs }, "the embedded database could not start again: trying again"),
  };
  const worker = await startPgliteWorker({ ...options, startParams: pgliteStartParams, ...(events ? { events } : {}) });
  // One session, so one connection, kept for the life of the process; waiting for it is taking turns.
  const pool = new pg.Pool({ ...worker.clientConfig(), max: 1, idleTimeoutMillis: 0 });
  return onPool(pool, {
    kind: "pglite",
    poolSize: 1,
    signals: localSignals(),
    async dumpDataDir() {
      // Holding the connection keeps every transaction out; the checkpoint first writes every
      // committed page to its file, so the copy needs no WAL replay.
      const client = await pool.connect();
      try {
        await client.query("CHECKPOINT");
        return await worker.dumpDataDir();
      } finally {
        client.release();
      }
    },
    closeDriver: () => worker.close(),
  });
}

/** What both kinds share once they have a node-postgres pool: the ORM, raw sessions, health, closing. */
async function onPool(
  pool: pg.Pool,
  options: Pick<Database, "kind" | "poolSize" | "signals" | "dumpDataDir"> & { closeDriver?: () => Promise<void> },
): Promise<Omit<Database, "sql">> {
  const { closeDriver, ...shape } = options;
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  const adapter = capturingAdapterFactory(new PrismaPg(pool), (transaction) => {
    const client = driverClientOf<pg.PoolClient>(transaction);
    return client ? pgSession(client) : undefined;
  });
  const prisma = new PrismaClient({ adapter });
  const withSession = async <T>(work: (session: SqlSession) => Promise<T>) => {
    const client = await pool.connect();
    try {
      return await work(pgSession(client));
    } finally {
      client.release();
    }
  };
  return {
    ...shape,
    prisma,
    withSession,
    health: healthCheck(withSession, await readMigrations()),
    close: async () => {
      await options.signals.close();
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
      await closeDriver?.();
    },
  };
}

function healthCheck(withSession: Database["withSession"], migrations: Migration[]) {
  return async () => {
    try {
      const pending = await withSession(async (session) => {
        await session.query("SELECT 1");
        return pendingMigrations(session, migrations);
      });
      return { ok: pending.length === 0, pending };
    } catch (error) {
      return { ok: false, pending: [], error: error instanceof Error ? error.message : String(error) };
    }
  };
}

/**
 * Runs initdb for a new data folder in a worker thread that then ends: initdb's PGlite instance
 * would otherwise keep several hundred MB of WebAssembly memory for the life of the process.
 */
async function initialisePgliteInWorker(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const worker = await startPgliteWorker({ dataDir, startParams: pgliteStartParams });
  await worker.close();
}

/** Makes `dataDir` (a new, empty folder) the database of a tarball from `dumpDataDir` (a restore). */
export async function loadPgliteDataDir(dataDir: string, dump: Blob): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir, loadDataDir: dump, startParams: pgliteStartParams });
  await pglite.close();
}

/** The PGlite data as a tarball, to clone a migrated database quickly. */
export async function dumpPglite(dataDir: string | undefined, logger: Logger): Promise<Blob> {
  const db = await openDatabase({ kind: "pglite", ...(dataDir ? { dataDir } : {}) });
  try {
    await db.withSession((session) => applyMigrations(session, logger));
    if (!db.dumpDataDir) throw new Error("an embedded database dumps its data folder");
    return await db.dumpDataDir();
  } finally {
    await db.close();
  }
}
