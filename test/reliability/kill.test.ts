import { describe, expect, it } from "vitest";
import { benchCrash, crashPlan } from "../../bench/crash.js";

/**
 * hotro killed with SIGKILL three times while Telegram updates arrive faster than it answers, and
 * started again each time on the same database (the crash benchmark, asserted): every acknowledged
 * update is answered, none is handled twice, and a reply reaches a chat twice only when it was a
 * send in flight at the kill (taken over from its holder's expired lease).
 */
describe("kill -9 in the middle of a backlog", () => {
  it("loses nothing, handles nothing twice, and repeats only sends that were in flight", { timeout: 600_000 }, async () => {
    const rows = await benchCrash({
      plan: { ...crashPlan, pace: { ...crashPlan.pace, durationMs: 8_000 } },
      ...(process.env.TEST_DATABASE_URL ? { databaseUrl: process.env.TEST_DATABASE_URL } : {}),
    });
    const crashes = rows.filter((row) => row.bench === "crash");
    expect(crashes.length).toBe(process.env.TEST_DATABASE_URL ? 2 : 1);
    for (const crash of crashes) {
      expect(crash.acked, crash.name).toBeGreaterThan(0);
      expect({ name: crash.name, unanswered: crash.unanswered, missing: crash.missingReplies, extra: crash.extraReplies }).toEqual({
        name: crash.name,
        unanswered: 0,
        missing: 0,
        extra: 0,
      });
      expect(Number(crash.duplicates), crash.name).toBeLessThanOrEqual(Number(crash.messagesRetried));
    }
  });
});
