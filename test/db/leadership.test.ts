import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { createLeadership } from "../../src/db/leadership.js";
import { silentLogger } from "../support/logger.js";
import { createTestDatabase, databaseKinds, openSecondInstance } from "../support/test-db.js";

let opened: Database[] = [];
afterEach(async () => {
  for (const db of opened) await db.close();
  opened = [];
});

describe.runIf(databaseKinds.includes("postgres"))("one leader among instances on PostgreSQL", () => {
  it("runs the work on one instance; another stands by and takes over when the first stops", async () => {
    const a = await createTestDatabase("postgres");
    const b = await openSecondInstance(a);
    opened.push(a, b);

    const running: string[] = [];
    const until = (signal: AbortSignal) => new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
    const work = (who: string, signal: AbortSignal) => async () => {
      running.push(who);
      await until(signal);
    };
    const stopA = new AbortController();
    const stopB = new AbortController();
    const leaderA = createLeadership(a, silentLogger, 50)("polling", stopA.signal, work("a", stopA.signal));
    await expect.poll(() => running).toEqual(["a"]);
    const leaderB = createLeadership(b, silentLogger, 50)("polling", stopB.signal, work("b", stopB.signal));
    await new Promise((resolve) => setTimeout(resolve, 300)); // several tries by b: still standing by
    expect(running).toEqual(["a"]);

    stopA.abort();
    await leaderA;
    await expect.poll(() => running).toEqual(["a", "b"]);
    stopB.abort();
    await leaderB;
  });
});
