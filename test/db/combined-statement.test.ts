import { afterEach, describe, expect, it } from "vitest";
import { combined } from "../../src/db/combined-statement.js";
import { type Database, openDatabase } from "../../src/db/database.js";
import { createPostgresDatabaseUrl, createTestDatabase, databaseKinds } from "../support/test-db.js";

describe("combined statements", () => {
  it("numbers each part's parameters after the previous parts'", () => {
    const statement = combined({
      first: { text: "INSERT INTO a (x, y) VALUES ($1, $2) RETURNING 1", params: ["x", "y"] },
      second: { text: "UPDATE b SET z = $1 WHERE id = $2 AND w = $1 RETURNING 1", params: [3, "id"] },
    });
    expect(statement.params).toEqual(["x", "y", 3, "id"]);
    expect(statement.text).toContain(`"first" AS (INSERT INTO a (x, y) VALUES ($1, $2) RETURNING 1)`);
    expect(statement.text).toContain(`"second" AS (UPDATE b SET z = $3 WHERE id = $4 AND w = $3 RETURNING 1)`);
  });

  describe.each(databaseKinds)("on %s", (kind) => {
    let db: Database | undefined;
    afterEach(async () => {
      await db?.close();
    });

    it("runs every part in one statement and counts the rows each returned", async () => {
      db = await createTestDatabase(kind);
      const { text, params } = combined({
        one: { text: "SELECT $1::int AS n", params: [7] },
        rows: { text: "SELECT generate_series(1, $1::int) AS n", params: [3] },
        none: { text: `SELECT 1 AS n FROM "Customer" WHERE id = $1`, params: ["nobody"] },
      });
      expect(await db.sql(text, params)).toEqual([{ one: 1, rows: 3, none: 0 }]);
    });
  });
});

describe.runIf(databaseKinds.includes("postgres"))("named statements on PostgreSQL", () => {
  it("are prepared once per connection, and a table changed under one (another instance's migration) is read again unprepared", async () => {
    const db = await openDatabase({ kind: "postgres", url: await createPostgresDatabaseUrl(), poolSize: 1 });
    try {
      await db.sql(`CREATE TABLE probe (id int)`);
      await db.sql(`INSERT INTO probe VALUES (1)`);
      const read = `SELECT * FROM probe`;
      expect(await db.sql(read)).toEqual([{ id: 1 }]);
      const [prepared] = await db.sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1`, [read]);
      expect(prepared?.n).toBe(1);
      await db.sql(`ALTER TABLE probe ADD COLUMN note text`);
      expect(await db.sql(read)).toEqual([{ id: 1, note: null }]);
    } finally {
      await db.close();
    }
  });
});
