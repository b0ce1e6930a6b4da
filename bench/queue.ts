import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "../src/app.js";
import { parseEnv } from "../src/config/env.js";
import { type Database, openMigratedDatabase } from "../src/db/database.js";
import { systemClock } from "../src/kernel/clock.js";
import { loadPolicyFile } from "../src/policy/load-policy.js";
import { silentLogger as quiet } from "../test/support/logger.js";
import { type Measurement, percentile } from "./measure.js";
import { postgresDatabase } from "./servers.js";

/**
 * `claimNext` and the queue view with 1k, 10k and 100k waiting tickets: the work staff do at every
 * claim and every card or console refresh, and how it grows with the length of the line.
 */

const DEPARTMENT = "technical";
const CATEGORY = "hosting_domain";
const WARM_UP = 5;

export interface QueuePlan {
  sizes: number[];
  claims: number;
  views: number;
}

export const queuePlan: QueuePlan = { sizes: [1_000, 10_000, 100_000], claims: 200, views: 200 };
export const quickQueuePlan: QueuePlan = { sizes: [1_000, 10_000], claims: 50, views: 50 };

export async function benchQueue(options: { plan: QueuePlan; databaseUrl?: string }): Promise<Measurement[]> {
  const results: Measurement[] = [];
  for (const kind of options.databaseUrl ? (["PGlite", "PostgreSQL"] as const) : (["PGlite"] as const)) {
    const baselines: Record<string, number> = {};
    for (const size of options.plan.sizes) {
      const measured = await measureAt(kind, size, options.plan, options.databaseUrl);
      const growth = (name: string, p99: number) => {
        baselines[name] ??= p99;
        return Number((p99 / (baselines[name] || 1)).toFixed(2));
      };
      results.push({
        bench: "queue",
        name: `${kind}, ${size.toLocaleString("en")} waiting`,
        claimP50Ms: measured.claim.p50,
        claimP99Ms: measured.claim.p99,
        claimGrowth: growth("claim", measured.claim.p99),
        viewP50Ms: measured.view.p50,
        viewP99Ms: measured.view.p99,
        viewGrowth: growth("view", measured.view.p99),
        seedMs: measured.seedMs,
      });
    }
  }
  return results;
}

async function measureAt(kind: "PGlite" | "PostgreSQL", size: number, plan: QueuePlan, databaseUrl?: string) {
  const dataDir = await mkdtemp(path.join(tmpdir(), "hotro-bench-queue-"));
  const bench = kind === "PostgreSQL" && databaseUrl ? await postgresDatabase(databaseUrl) : undefined;
  const db = await openMigratedDatabase(
    bench?.env.DATABASE_URL ? { kind: "postgres", url: bench.env.DATABASE_URL } : { kind: "pglite" },
    quiet,
  );
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    const seedMs = await timed(() => seed(db, size, WARM_UP + plan.claims));
    const loaded = await loadPolicyFile();
    if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
    const parsed = parseEnv({ DATA_DIR: dataDir });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    app = await createApp({ env: parsed.env, policy: loaded.policy, db, clock: systemClock, logger: quiet });
    const { tickets } = app;
    // Warmed up first (the ORM's first queries, the database's caches): not counted.
    for (let i = 0; i < WARM_UP; i++) await tickets.queueView(DEPARTMENT, { limit: 25 });
    for (let i = 0; i < WARM_UP; i++) await tickets.claimNext(`bench-staff-${plan.claims + i}`);
    const views: number[] = [];
    // What a card or console refresh reads: the head of the line (25) and how many wait.
    for (let i = 0; i < plan.views; i++) views.push(await timed(() => tickets.queueView(DEPARTMENT, { limit: 25 })));
    const claims: number[] = [];
    for (let i = 0; i < plan.claims; i++) {
      claims.push(
        await timed(async () => {
          const claimed = await tickets.claimNext(`bench-staff-${i}`);
          if (!claimed.ok) throw new Error(`claim refused: ${claimed.code}`);
        }),
      );
    }
    return { seedMs: Math.round(seedMs), claim: summary(claims), view: summary(views) };
  } finally {
    // The app closes the database it was given.
    await (app ? app.stop() : db.close());
    await bench?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** `size` customers, each with one ready request in Technical, oldest first; `staff` Technical members to claim them. */
async function seed(db: Database, size: number, staff: number): Promise<void> {
  await db.sql(`INSERT INTO "Customer" (id, language) SELECT 'bench-customer-' || g, 'vi' FROM generate_series(1, $1::int) AS g`, [size]);
  await db.sql(
    `INSERT INTO "Ticket" (id, "customerId", channel, "categoryId", "departmentId", status, description,
                           "readyAt", "startDueAt", "resolutionDueAt", "accessToken", "updatedAt")
     SELECT 'bench-ticket-' || g, 'bench-customer-' || g, 'webchat', $2, $3, 'ready', 'Tên miền không truy cập được',
            now() - ($1::int - g) * interval '1 second', now() + interval '1 day', now() + interval '7 days',
            gen_random_uuid()::text, now()
     FROM generate_series(1, $1::int) AS g`,
    [size, CATEGORY, DEPARTMENT],
  );
  await db.sql(
    `INSERT INTO "Staff" (id, name, departments, "updatedAt")
     SELECT 'bench-staff-' || (g - 1), 'Bench ' || g, ARRAY[$2], now() FROM generate_series(1, $1::int) AS g`,
    [staff, DEPARTMENT],
  );
  await db.sql(`ANALYZE "Ticket"`);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const startedAt = performance.now();
  await work();
  return performance.now() - startedAt;
}

function summary(values: number[]) {
  const round = (value: number) => Number(value.toFixed(2));
  return { p50: round(percentile(values, 50)), p99: round(percentile(values, 99)) };
}
