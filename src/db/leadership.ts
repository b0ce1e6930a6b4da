import { setTimeout as sleep } from "node:timers/promises";
import type { AsLeader } from "../kernel/leadership.js";
import type { Logger } from "../kernel/logger.js";
import type { Database } from "./database.js";

/**
 * Leadership is a PostgreSQL session-level advisory lock, held by a connection of its own for as
 * long as the work runs: when the leader's process dies, its connection and the lock go with it,
 * and a standby takes over at its next try. PGlite is opened by one process only: it always leads
 * (and its one connection is not held for the work's lifetime).
 */
export function createLeadership(db: Database, logger: Logger, retryMs = 5000): AsLeader {
  return (name, signal, work) => {
    if (db.kind === "pglite") return signal.aborted ? Promise.resolve() : work();
    return db.withSession(async (session) => {
      let announced = false;
      for (;;) {
        if (signal.aborted) return;
        const [row] = await session.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [`hotro:${name}`]);
        if (row?.locked) break;
        if (!announced) logger.info({ work: name }, "another instance does this: standing by");
        announced = true;
        await sleep(retryMs, undefined, { signal }).catch(() => undefined);
      }
      try {
        if (announced) logger.info({ work: name }, "taking over");
        await work();
      } finally {
        await session.query("SELECT pg_advisory_unlock(hashtext($1))", [`hotro:${name}`]).catch(() => undefined);
      }
    });
  };
}
