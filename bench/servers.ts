import { type ChildProcess, spawn } from "node:child_process";
import { openSync } from "node:fs";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TelegramStandin } from "../test/standins/telegram-standin.js";
import { waitUntil } from "./measure.js";

const root = path.resolve(import.meta.dirname, "..");
export const WEBHOOK_SECRET = "bench-webhook-secret";

/** A database for one server run: the environment that points the server at it, and how to remove it. */
export interface BenchDatabase {
  kind: "PGlite" | "PostgreSQL";
  env: Record<string, string>;
  /** Reads what the server left behind; on PGlite only once the server has stopped (one process at a time). */
  query<T>(sql: string): Promise<T[]>;
  drop(): Promise<void>;
}

/**
 * A new embedded folder: a copy of `template` (a folder a previous bench migrated) when given, as
 * creating one costs seconds of initdb; otherwise empty, and the server creates it at start.
 */
export async function embeddedDatabase(template?: string): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "hotro-bench-"));
  if (template) await cp(template, dataDir, { recursive: true });
  return {
    kind: "PGlite",
    env: { DATA_DIR: dataDir },
    async query<T>(sql: string) {
      const db = await PGlite.create({ dataDir: path.join(dataDir, "pglite") });
      try {
        return (await db.query<T>(sql)).rows;
      } finally {
        await db.close();
      }
    },
    drop: () => rm(dataDir, { recursive: true, force: true }),
  };
}

let created = 0;

/** A new PostgreSQL database next to the one `adminUrl` names (the role must be allowed to create databases). */
export async function postgresDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `hotro_bench_${process.pid}_${++created}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // Stored files still go to a folder.
  const dataDir = await mkdtemp(path.join(tmpdir(), "hotro-bench-"));
  return {
    kind: "PostgreSQL",
    env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
    async query<T>(sql: string) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query(sql)).rows as T[];
      } finally {
        await client.end();
      }
    },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** How to start a server under test; `launch` may start it again on the same port and database. */
export interface ServerSpec {
  name: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  /** prom-client's prefix on its /metrics. */
  metricsPrefix: string;
  /** Both output streams, appended to across restarts. */
  logFile: string;
  /** Called at each launch; the check it returns says, beyond a 200 from /healthz, that load may start. */
  readiness?: () => () => boolean;
}

export interface Running {
  pid: number;
  origin: string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown at all. */
  kill(): Promise<void>;
}

export async function launch(spec: ServerSpec): Promise<Running> {
  const log = openSync(spec.logFile, "a");
  const child = spawn(process.execPath, spec.args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: String(spec.port), ...spec.env },
    stdio: ["ignore", log, log],
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const origin = `http://127.0.0.1:${spec.port}`;
  const ready = spec.readiness?.() ?? (() => true);
  const healthy = () =>
    fetch(`${origin}/healthz`).then(
      (r) => r.ok && ready(),
      () => false,
    );
  await Promise.race([
    waitUntil(healthy, 180_000),
    exited.then(() => Promise.reject(new Error(`${spec.name} exited at start; see ${spec.logFile}`))),
  ]);
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { pid: pidOf(child), origin, stop: () => signal("SIGTERM"), kill: () => signal("SIGKILL") };
}

function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error("the server did not start");
  return child.pid;
}

/** hotro built (dist/main.js), its Telegram channel pointed at the stand-in in webhook mode. */
export function hotroSpec(standin: TelegramStandin, database: BenchDatabase, port: number, logFile: string): ServerSpec {
  const registrations = () => standin.callsTo("setWebhook").length;
  // BENCH_CPU_PROF=<folder>: a V8 CPU profile of each hotro process, written when it exits.
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  return {
    name: `hotro (${database.kind})`,
    args: [...profile, "dist/main.js"],
    env: {
      ...database.env,
      LOG_LEVEL: "warn",
      TELEGRAM_BOT_TOKEN: standin.token,
      TELEGRAM_API_ROOT: standin.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      // The stand-in has no rate limit and the echo baseline no pace: both deliver as fast as they can.
      OUTBOUND_PACE: "off",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...serverSettingsToTry(),
    },
    port,
    metricsPrefix: "hotro_",
    logFile,
    // The webhook is registered last in start(): once it is, the inbound and delivery workers run.
    readiness() {
      const before = registrations();
      return () => registrations() > before;
    },
  };
}

/** BENCH_SERVER_ENV="INBOUND_CONCURRENCY=10,DATABASE_POOL_SIZE=20": settings to try, given to every hotro server. */
function serverSettingsToTry(): Record<string, string> {
  const pairs = (process.env.BENCH_SERVER_ENV ?? "").split(",").filter((pair) => pair.includes("="));
  return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
}

/** The baseline: bench/echo-bot.ts, a bare grammY webhook bot on the same stand-in. */
export function echoSpec(standin: TelegramStandin, port: number, logFile: string): ServerSpec {
  return {
    name: "echo bot",
    args: ["--import", "tsx", "bench/echo-bot.ts"],
    env: {
      TELEGRAM_BOT_TOKEN: standin.token,
      TELEGRAM_API_ROOT: standin.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      BOT_INFO: JSON.stringify(standin.botInfo),
    },
    port,
    metricsPrefix: "echo_",
    logFile,
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Warnings and errors the server logged (pino JSON lines, level 40 and up), counted by message. */
export async function loggedProblems(logFile: string): Promise<Map<string, number>> {
  const problems = new Map<string, number>();
  const text = await readFile(logFile, "utf8").catch(() => "");
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string }; reason?: string };
      if ((entry.level ?? 0) < 40) continue;
      const why = entry.err?.message ?? entry.reason;
      const what = `${(entry.level ?? 0) >= 50 ? "error" : "warn"}: ${entry.msg}${why ? ` (${why.slice(0, 120)})` : ""}`;
      problems.set(what, (problems.get(what) ?? 0) + 1);
    } catch {
      // A line that is not JSON (a banner) is not a log entry.
    }
  }
  return problems;
}
