import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { applyMigrations, readMigrations } from "../../src/db/migrate.js";
import { silentLogger } from "../support/logger.js";
import { createPostgresDatabaseUrl, databaseKinds } from "../support/test-db.js";

async function freshDatabase(kind: "pglite" | "postgres") {
  return kind === "pglite"
    ? openDatabase({ kind: "pglite" })
    : openDatabase({ kind: "postgres", url: await createPostgresDatabaseUrl({ migrated: false }) });
}

describe.each(databaseKinds)("migrations at boot on %s", (kind) => {
  it("applies every migration on a fresh database, records Prisma's rows, and a re-run is a no-op", async () => {
    const db = await freshDatabase(kind);
    try {
      const migrations = await readMigrations();
      expect(migrations.length).toBeGreaterThan(0);
      const first = await db.withSession((s) => applyMigrations(s, silentLogger));
      expect(first).toEqual(migrations.map((m) => m.name));
      const second = await db.withSession((s) => applyMigrations(s, silentLogger));
      expect(second).toEqual([]);

      const rows = await db.withSession((s) =>
        s.query<{
          migration_name: string;
          checksum: string;
          finished_at: Date | null;
          applied_steps_count: number;
          rolled_back_at: Date | null;
        }>(
          `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`,
        ),
      );
      expect(rows).toHaveLength(migrations.length);
      rows.forEach((row, i) => {
        const migration = migrations[i];
        expect(row.migration_name).toBe(migration?.name);
        // Prisma's checksum: sha256 hex of migration.sql.
        expect(row.checksum).toBe(migration?.checksum);
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.applied_steps_count).toBe(1);
        expect(row.rolled_back_at).toBeNull();
      });
      expect(await db.health()).toEqual({ ok: true, pending: [] });
      // The schema is usable through Prisma.
      const customer = await db.prisma.customer.create({ data: { name: "Nguyễn Văn An" } });
      expect(customer.language).toBe("vi");
    } finally {
      await db.close();
    }
  });

  it("reports pending migrations in health before they are applied", async () => {
    const db = await freshDatabase(kind);
    try {
      const health = await db.health();
      expect(health.ok).toBe(false);
      expect(health.pending.length).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});

describe.each(databaseKinds)("the ticket status enum on %s", (kind) => {
  it("keeps every existing ticket's status when the column becomes an enum", async () => {
    const db = await freshDatabase(kind);
    try {
      const migrations = await readMigrations();
      const enumAt = migrations.findIndex((m) => m.name.endsWith("_ticket_status_enum"));
      expect(enumAt).toBeGreaterThan(0);
      await db.withSession((s) => applyMigrations(s, silentLogger, migrations.slice(0, enumAt)));
      await db.withSession((s) =>
        s.exec(`
          INSERT INTO "Customer" (id) VALUES ('c1');
          INSERT INTO "Ticket" (id, "customerId", channel, "categoryId", "departmentId", status, description, "accessToken", "updatedAt")
          VALUES ('t1', 'c1', 'telegram', 'other', 'customer_care', 'claimed', 'x', 'a1', now()),
                 ('t2', 'c1', 'telegram', 'other', 'customer_care', 'parked', 'y', 'a2', now());`),
      );
      await db.withSession((s) => applyMigrations(s, silentLogger));
      const tickets = await db.prisma.ticket.findMany({ orderBy: { id: "asc" } });
      expect(tickets.map((t) => [t.id, t.status])).toEqual([
        ["t1", "claimed"],
        ["t2", "parked"],
      ]);
    } finally {
      await db.close();
    }
  });
});

describe.runIf(databaseKinds.includes("postgres"))("migrations with several instances on PostgreSQL", () => {
  it("two processes booting at once apply each migration exactly once", async () => {
    const url = await createPostgresDatabaseUrl({ migrated: false });
    const script = `
      import { openMigratedDatabase } from "./src/db/database.ts";
      const logs = [];
      const logger = { trace() {}, fatal() {}, debug() {}, warn() {}, error() {}, info: (o) => logs.push(o.migration), child() { return logger; } };
      const db = await openMigratedDatabase({ kind: "postgres", url: process.env.URL }, logger);
      await db.close();
      console.log(JSON.stringify(logs));
    `;
    const boot = () =>
      new Promise<string[]>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
          env: { ...process.env, URL: url },
          stdio: ["ignore", "pipe", "inherit"],
        });
        let out = "";
        child.stdout.on("data", (d) => {
          out += d;
        });
        child.on("exit", (code) =>
          code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop() ?? "[]")) : reject(new Error(`exit ${code}`)),
        );
      });
    const [a, b] = await Promise.all([boot(), boot()]);
    const migrations = await readMigrations();
    expect([...a, ...b].sort()).toEqual(migrations.map((m) => m.name).sort());

    const db = await openDatabase({ kind: "postgres", url });
    const rows = await db.withSession((s) => s.query<{ n: string }>(`SELECT count(*)::text AS n FROM "_prisma_migrations"`));
    expect(rows[0]?.n).toBe(String(migrations.length));
    await db.close();
  });
});
