import { afterEach, describe, expect, it } from "vitest";
import { ticketHarness } from "./harness.js";

type Harness = Awaited<ReturnType<typeof ticketHarness>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.db.close();
  h = undefined;
});

/** A Sales ticket that entered the queue at `readyAt` and got its first written reply at `firstReplyAt`. */
async function answered(harness: Harness, readyAt: string, firstReplyAt: string) {
  const customer = await harness.customer();
  const ticket = await harness.open(customer, "price_quote");
  await harness.db.prisma.ticket.update({
    where: { id: ticket.id },
    data: { readyAt: new Date(readyAt), firstReplyAt: new Date(firstReplyAt), status: "resolved" },
  });
}

describe("the usual first reply of a department, from recent tickets", () => {
  it("says nothing with fewer than five answered tickets: the policy's estimate stands alone", async () => {
    h = await ticketHarness({ now: "2026-11-27T02:00:00Z" });
    for (let i = 0; i < 4; i++) await answered(h, "2026-11-25T02:00:00Z", "2026-11-25T02:30:00Z");
    expect(await h.service.usualFirstResponse("sales")).toBeNull();
  });

  it("is the median wait in working minutes: lunch, nights and weekends do not count", async () => {
    h = await ticketHarness({ now: "2026-11-30T02:00:00Z" });
    // 09:00 → 09:20 Wednesday: 20 minutes.
    await answered(h, "2026-11-25T02:00:00Z", "2026-11-25T02:20:00Z");
    // 11:50 → 13:40 across lunch: 10 + 10 = 20 minutes.
    await answered(h, "2026-11-25T04:50:00Z", "2026-11-25T06:40:00Z");
    // Friday 16:20 → Monday 08:30: 10 + 30 = 40 minutes.
    await answered(h, "2026-11-27T09:20:00Z", "2026-11-30T01:30:00Z");
    // 08:00 → 10:00: 120 minutes; and 08:00 → 09:00: 60.
    await answered(h, "2026-11-26T01:00:00Z", "2026-11-26T03:00:00Z");
    await answered(h, "2026-11-26T01:00:00Z", "2026-11-26T02:00:00Z");
    // Another department's ticket does not count.
    const other = await h.customer();
    const hosting = await h.open(other, "hosting_domain");
    await h.db.prisma.ticket.update({
      where: { id: hosting.id },
      data: { readyAt: new Date("2026-11-25T02:00:00Z"), firstReplyAt: new Date("2026-11-28T02:00:00Z") },
    });
    expect(await h.service.usualFirstResponse("sales")).toEqual({ workingMinutes: 40, sample: 5 });
  });

  it("forgets tickets answered more than 30 days ago", async () => {
    h = await ticketHarness({ now: "2026-11-30T02:00:00Z" });
    for (let i = 0; i < 5; i++) await answered(h, "2026-10-01T02:00:00Z", "2026-10-01T02:20:00Z");
    expect(await h.service.usualFirstResponse("sales")).toBeNull();
  });
});
