import type { Clock } from "../kernel/clock.js";
import type { Counter, Counters } from "../kernel/counters.js";
import type { Database } from "./database.js";

/** Ended windows are deleted at most this often per instance. */
const PRUNE_EVERY_MS = 10 * 60_000;

/** The shared counters (`Counters`, src/kernel/counters.ts) in the RateBucket table: one upsert per hit. */
export function createCounters(db: Database, clock: Clock): Counters {
  let lastPrune = Number.NEGATIVE_INFINITY;
  const prune = async (now: Date) => {
    if (now.getTime() - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = now.getTime();
    await db.prisma.rateBucket.deleteMany({ where: { expiresAt: { lte: now } } });
  };
  const counter = (row: { hits: number; lastAt: Date; expiresAt: Date }): Counter => ({
    hits: row.hits,
    lastAt: row.lastAt.getTime(),
    expiresAt: row.expiresAt.getTime(),
  });

  return {
    async hit(name, key, windowMs, options = {}) {
      const now = clock.now();
      await prune(now);
      const end = new Date(now.getTime() + windowMs);
      const slide = options.slide === true;
      // One statement: concurrent hits from several instances each see their own count.
      const [row] = await db.prisma.$queryRaw<{ hits: number; lastAt: Date; expiresAt: Date }[]>`
        INSERT INTO "RateBucket" ("name", "key", "hits", "lastAt", "expiresAt")
        VALUES (${name}, ${key}, 1, ${now}, ${end})
        ON CONFLICT ("name", "key") DO UPDATE SET
          "hits" = CASE WHEN "RateBucket"."expiresAt" <= ${now} THEN 1 ELSE "RateBucket"."hits" + 1 END,
          "lastAt" = ${now},
          "expiresAt" = CASE WHEN "RateBucket"."expiresAt" <= ${now} OR ${slide} THEN ${end} ELSE "RateBucket"."expiresAt" END
        RETURNING "hits", "lastAt", "expiresAt"`;
      if (!row) throw new Error("the counter upsert returned no row");
      return counter(row);
    },
    async read(name, keys) {
      const rows = await db.prisma.rateBucket.findMany({ where: { name, key: { in: keys }, expiresAt: { gt: clock.now() } } });
      return new Map(rows.map((row) => [row.key, counter(row)]));
    },
    async clear(name, key) {
      await db.prisma.rateBucket.deleteMany({ where: { name, key } });
    },
    async takeBack(name, key, before) {
      const times = before ? { lastAt: new Date(before.lastAt), expiresAt: new Date(before.expiresAt) } : {};
      await db.prisma.rateBucket.updateMany({ where: { name, key, hits: { gt: 0 } }, data: { hits: { decrement: 1 }, ...times } });
      if (!before) await db.prisma.rateBucket.deleteMany({ where: { name, key, hits: { lte: 0 } } });
    },
  };
}
