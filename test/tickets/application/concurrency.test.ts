import { describe, expect, it } from "vitest";
import { databaseKinds } from "../../support/test-db.js";
import { ticketHarness } from "./harness.js";

describe.each(databaseKinds)("R3.1 atomic claims on %s", (kind) => {
  it("20 concurrent Claim next on 10 ready tickets claim each exactly once, in queue order", async () => {
    const h = await ticketHarness({ kind });
    try {
      const staff = await Promise.all(Array.from({ length: 20 }, (_, i) => h.staff(`s${i}`, ["sales"])));
      const opened = [];
      for (let i = 0; i < 10; i++) {
        opened.push(await h.open(await h.customer(`c${i}`), "price_quote"));
        h.clock.advance(1000);
      }
      const results = await Promise.all(staff.map((s) => h.service.claimNext(s.id)));
      const claimed = results.flatMap((r) => (r.ok ? [r.value.id] : []));
      expect(claimed).toHaveLength(10);
      expect(new Set(claimed).size).toBe(10);
      expect(new Set(claimed)).toEqual(new Set(opened.map((t) => t.id)));
      expect(results.filter((r) => !r.ok).map((r) => (r.ok ? "" : r.code))).toEqual(Array(10).fill("queue_empty"));

      const rows = await h.db.prisma.ticket.findMany({ where: { status: "claimed" } });
      expect(new Set(rows.map((r) => r.claimedById)).size).toBe(10);
      const claimEvents = await h.db.prisma.timelineEvent.count({ where: { type: "claimed" } });
      expect(claimEvents).toBe(10);
    } finally {
      await h.close();
    }
  });
});
