/**
 * `npm run bench`: measures hotro on this machine and writes BENCHMARKS.md. Each figure comes with a
 * baseline measured in the same run, so results from different machines compare as ratios.
 *
 *   npm run bench                  PGlite, and PostgreSQL when BENCH_DATABASE_URL is set
 *   npm run bench -- --quick       fewer repetitions (under a minute)
 */
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Measurement } from "./measure.js";
import { benchStartup } from "./startup.js";

const root = path.resolve(import.meta.dirname, "..");
const quick = process.argv.includes("--quick");
const databaseUrl = process.env.BENCH_DATABASE_URL;

execFileSync(process.execPath, [path.join(root, "scripts/prepare.mjs")], { stdio: "inherit" });

const machine = {
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.availableParallelism(),
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  loadAtStart: os.loadavg()[0]?.toFixed(2) ?? "?",
  date: new Date().toISOString(),
};
console.log(JSON.stringify({ bench: "machine", ...machine }));

const results: Measurement[] = [];
for (const measurement of await benchStartup({ runs: quick ? 1 : 3, ...(databaseUrl ? { databaseUrl } : {}) })) {
  console.log(JSON.stringify(measurement));
  results.push(measurement);
}

const table = (rows: Measurement[]) => {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== "bench");
  return [
    `| ${keys.join(" | ")} |`,
    `| ${keys.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${keys.map((k) => r[k] ?? "").join(" | ")} |`),
  ].join("\n");
};

const report = `# Benchmarks

Written by \`npm run bench${quick ? " -- --quick" : ""}\`; run it again to refresh. Figures are medians of the runs; ratios
compare with a baseline measured in the same run on the same machine.

Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load average ${machine.loadAtStart} at start, ${machine.date}.
Databases: PGlite${databaseUrl ? " and PostgreSQL (BENCH_DATABASE_URL)" : " only (set BENCH_DATABASE_URL for PostgreSQL)"}.

## Start-up to healthy, and memory when idle

\`healthyMs\`: from process start to the first 200 from \`/healthz\`; \`rssIdleMb\`: resident memory 3 s later;
\`vsBareNode\`: start-up time as a multiple of a bare Node HTTP server's.

${table(results.filter((r) => r.bench === "startup"))}
`;
await writeFile(path.join(root, "BENCHMARKS.md"), report);
console.log(`\n${table(results)}\n\nwritten to BENCHMARKS.md`);
