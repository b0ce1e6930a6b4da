import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { inTransaction, onDriverSession, sqlIn } from "../../src/db/transaction-scope.js";
import { createTestDatabase, databaseKinds } from "../support/test-db.js";

describe.each(databaseKinds)("plain statements in a unit of work on %s", (kind) => {
  let db: Database;
  afterEach(() => db?.close());

  it("run on the driver's session of the unit's own transaction: they see its writes and roll back with it", async () => {
    db = await createTestDatabase(kind);
    const at = new Date("2026-11-25T02:00:00.123Z");
    const failure = new Error("the unit fails after both writes");
    await expect(
      inTransaction(db.prisma, async (tx) => {
        expect(onDriverSession()).toBe(true);
        const viaPrisma = await tx.$queryRawUnsafe<{ id: string }[]>("SELECT txid_current()::text AS id");
        const viaDriver = await sqlIn<{ id: string }>(tx, "SELECT txid_current()::text AS id");
        expect(viaDriver[0]?.id).toBe(viaPrisma[0]?.id);

        await tx.customer.create({ data: { id: "c-prisma", language: "vi", createdAt: at } });
        const seen = await db.sql<{ id: string; createdAt: Date }>(`SELECT id, "createdAt" FROM "Customer" WHERE id = $1`, ["c-prisma"]);
        // Read back as the same instant, whatever the process's time zone.
        expect(seen).toEqual([{ id: "c-prisma", createdAt: at }]);
        await db.sql(`INSERT INTO "Customer" (id, language, "createdAt") VALUES ($1, 'vi', $2::timestamp)`, ["c-driver", at.toISOString()]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await db.prisma.customer.count()).toBe(0);
  });

  it("outside a unit of work, run on their own and commit at once", async () => {
    db = await createTestDatabase(kind);
    expect(onDriverSession()).toBe(false);
    const at = new Date("2026-11-25T02:00:00.456Z");
    await db.sql(`INSERT INTO "Customer" (id, language, "createdAt") VALUES ($1, 'vi', $2::timestamp)`, ["c1", at.toISOString()]);
    expect(await db.prisma.customer.findUnique({ where: { id: "c1" } })).toMatchObject({ createdAt: at });
  });
});
