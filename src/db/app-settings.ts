import type { Database } from "./database.js";

/**
 * A setting every instance on the database must agree on: the value the first instance stored, or
 * `initial` stored now. One statement, so instances starting at once agree on the first row written.
 */
export async function sharedSetting(db: Database, key: string, initial: string): Promise<string> {
  const [row] = await db.prisma.$queryRaw<{ value: string }[]>`
    WITH created AS (
      INSERT INTO "AppSetting" ("key", "value") VALUES (${key}, ${initial}) ON CONFLICT ("key") DO NOTHING RETURNING "value"
    )
    SELECT "value" FROM created UNION ALL SELECT "value" FROM "AppSetting" WHERE "key" = ${key}`;
  if (!row) throw new Error(`the shared setting "${key}" could not be read`);
  return row.value;
}
