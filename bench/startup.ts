import { spawn } from "node:child_process";
import { mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Measurement, median, rssOf, waitUntil } from "./measure.js";
import { postgresDatabase } from "./servers.js";

const root = path.resolve(import.meta.dirname, "..");

interface Started {
  healthyMs: number;
  rssIdleMb: number;
}

/** Starts `node <script>` with the given environment, times it to a 200 on `url`, reads its RSS when idle, stops it. */
async function startOnce(args: string[], env: Record<string, string>, url: string): Promise<Started> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH ?? "", ...env }, stdio: "ignore" });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  try {
    await waitUntil(
      () =>
        fetch(url).then(
          (r) => r.ok,
          () => false,
        ),
      120_000,
    );
    const healthyMs = performance.now() - startedAt;
    await new Promise((r) => setTimeout(r, 3000)); // settled: timers ran, nothing is in flight
    return { healthyMs, rssIdleMb: (await rssOf(child.pid ?? 0)) / 1024 };
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

const bareServer = `require("node:http").createServer((q, s) => s.end("ok")).listen(Number(process.env.PORT), "127.0.0.1")`;

/**
 * Start-up to healthy and idle memory: a bare Node HTTP server (the baseline), hotro on a new
 * embedded folder (first run), on an existing one, and on PostgreSQL when `databaseUrl` is given.
 */
export async function benchStartup(options: {
  runs: number;
  databaseUrl?: string;
  /** Where to keep the first embedded folder, migrated and shut down cleanly, for the next benches to copy. */
  keepEmbeddedFolder?: string;
}): Promise<Measurement[]> {
  const port = String(31000 + Math.floor(Math.random() * 1000));
  const health = `http://127.0.0.1:${port}/healthz`;
  const base = { PORT: port, HOST: "127.0.0.1", LOG_LEVEL: "warn" };
  const results: Measurement[] = [];
  const record = (name: string, runs: Started[], baselineMs?: number) => {
    const healthyMs = median(runs.map((r) => r.healthyMs));
    results.push({
      bench: "startup",
      name,
      healthyMs: Math.round(healthyMs),
      rssIdleMb: Math.round(median(runs.map((r) => r.rssIdleMb))),
      ...(baselineMs ? { vsBareNode: Number((healthyMs / baselineMs).toFixed(1)) } : {}),
      runs: runs.length,
    });
  };

  const bare: Started[] = [];
  for (let i = 0; i < options.runs; i++) bare.push(await startOnce(["-e", bareServer], base, health));
  record("bare Node HTTP server (baseline)", bare);
  const baselineMs = median(bare.map((r) => r.healthyMs));

  const firstRuns: Started[] = [];
  const existing: Started[] = [];
  for (let i = 0; i < options.runs; i++) {
    const dataDir = await mkdtemp(path.join(tmpdir(), "hotro-bench-"));
    try {
      firstRuns.push(await startOnce(["dist/main.js"], { ...base, DATA_DIR: dataDir }, health));
      existing.push(await startOnce(["dist/main.js"], { ...base, DATA_DIR: dataDir }, health));
      if (i === 0 && options.keepEmbeddedFolder) await rename(dataDir, options.keepEmbeddedFolder);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  record("embedded database, first run (initdb + migrations)", firstRuns, baselineMs);
  record("embedded database, existing folder", existing, baselineMs);

  if (options.databaseUrl) {
    const database = await postgresDatabase(options.databaseUrl);
    const env = { ...base, ...database.env };
    try {
      const runs: Started[] = [];
      // The first start applies the migrations; the ones measured start on a migrated database.
      await startOnce(["dist/main.js"], env, health);
      for (let i = 0; i < options.runs; i++) runs.push(await startOnce(["dist/main.js"], env, health));
      record("PostgreSQL, migrated database", runs, baselineMs);
    } finally {
      await database.drop();
    }
  }
  return results;
}
