import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { pgliteStartParams } from "../../src/db/database.js";
import { type PgliteWorker, startPgliteWorker } from "../../src/db/pglite-worker.js";

let worker: PgliteWorker | undefined;
let pool: pg.Pool | undefined;
afterEach(async () => {
  await pool?.end().catch(() => undefined);
  await worker?.close();
  pool = undefined;
  worker = undefined;
});

async function start() {
  worker = await startPgliteWorker({ loadDataDir: new Blob([await readFile(inject("pgliteDumpFile"))]), startParams: pgliteStartParams });
  const current = worker;
  pool = new pg.Pool({ ...current.clientConfig(), max: 1 });
  return { worker: current, pool };
}

describe("PGlite in its worker thread, through node-postgres", () => {
  it("answers plain, prepared and failing statements as a PostgreSQL server would", async () => {
    const { pool } = await start();
    expect((await pool.query("SELECT 1 + 1 AS two")).rows).toEqual([{ two: 2 }]);
    await pool.query("CREATE TABLE t (id int PRIMARY KEY, note text)");
    for (const id of [1, 2, 3]) await pool.query({ name: "insert_t", text: "INSERT INTO t VALUES ($1, $2)", values: [id, `n${id}`] });
    await expect(pool.query("INSERT INTO t VALUES (1, 'again')")).rejects.toMatchObject({ code: "23505" });
    // The session goes on after an error.
    expect((await pool.query("SELECT count(*)::int AS n FROM t")).rows).toEqual([{ n: 3 }]);
  });

  it("gives a new connection a fresh session: an unfinished transaction rolled back, prepared statements gone", async () => {
    const { pool } = await start();
    await pool.query("CREATE TABLE t (id int PRIMARY KEY)");
    const first = await pool.connect();
    await first.query({ name: "read_t", text: "SELECT count(*)::int AS n FROM t" });
    await first.query("BEGIN");
    await first.query("INSERT INTO t VALUES (1)");
    // The connection dies inside its transaction (as when a client is released with an error).
    first.release(new Error("dropped"));

    const second = await pool.connect();
    try {
      expect((await second.query({ name: "read_t", text: "SELECT count(*)::int AS n FROM t" })).rows).toEqual([{ n: 0 }]);
      expect((await second.query("SELECT now() = statement_timestamp() AS outside")).rows).toEqual([{ outside: true }]);
    } finally {
      second.release();
    }
  });

  it("dumps its data folder while it serves, and a dump opens as a database with the same rows", async () => {
    const { worker, pool } = await start();
    await pool.query("CREATE TABLE t (id int PRIMARY KEY)");
    await pool.query("INSERT INTO t VALUES (7)");
    await pool.query("CHECKPOINT");
    const dump = await worker.dumpDataDir();
    const copy = await startPgliteWorker({ loadDataDir: dump, startParams: pgliteStartParams });
    const copyPool = new pg.Pool({ ...copy.clientConfig(), max: 1 });
    try {
      expect((await copyPool.query("SELECT id FROM t")).rows).toEqual([{ id: 7 }]);
    } finally {
      await copyPool.end();
      await copy.close();
    }
  });

  it("once closed, refuses new work with a clear error instead of hanging", async () => {
    const { worker, pool } = await start();
    await pool.end();
    await worker.close();
    const late = new pg.Client(worker.clientConfig());
    await expect(late.connect()).rejects.toThrow(/embedded database/);
  });

  it("that cannot start says why instead of hanging", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "hotro-pglite-"));
    try {
      // A file where the data folder should be.
      await writeFile(path.join(folder, "data"), "not a database");
      await expect(startPgliteWorker({ dataDir: path.join(folder, "data"), startParams: pgliteStartParams })).rejects.toThrow(
        /embedded database/,
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("that fails is started again over its folder: what was committed is there, and new connections work", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "hotro-pglite-"));
    const happened: string[] = [];
    try {
      const dataDir = path.join(folder, "data");
      const events = {
        failed: () => happened.push("failed"),
        restarted: () => happened.push("restarted"),
        restartFailed: () => happened.push("restart failed"),
      };
      worker = await startPgliteWorker({ dataDir, startParams: pgliteStartParams, events });
      pool = new pg.Pool({ ...worker.clientConfig(), max: 1 });
      pool.on("error", () => undefined);
      await pool.query("CREATE TABLE t (id int PRIMARY KEY)");
      await pool.query("INSERT INTO t VALUES (1)");

      // A client asking for TLS (which PGlite does not speak) makes it exit: the thread fails.
      const stranger = new pg.Client({ ...worker.clientConfig(), ssl: true });
      stranger.on("error", () => undefined);
      await expect(stranger.connect()).rejects.toThrow();
      await expect.poll(() => happened, { timeout: 20_000 }).toEqual(["failed", "restarted"]);

      const rows = async () => (await pool?.query("SELECT id FROM t ORDER BY id"))?.rows;
      // The pool's old connection went with the thread: its next query fails once, then a new one works.
      await expect.poll(() => rows().catch(() => "failed"), { timeout: 10_000 }).toEqual([{ id: 1 }]);
      await pool.query("INSERT INTO t VALUES (2)");
      expect(await rows()).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      await pool?.end().catch(() => undefined);
      await worker?.close();
      pool = undefined;
      worker = undefined;
      await rm(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
