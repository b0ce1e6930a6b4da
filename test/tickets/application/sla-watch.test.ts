import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type TicketHarness, ticketHarness } from "./harness.js";

const HOUR = 3_600_000;

describe("R2.4 deadline warnings and escalation", () => {
  let h: TicketHarness;
  beforeEach(async () => {
    h = await ticketHarness();
  });
  afterEach(() => h.close());

  it("warns at 50 % and 90 % of the 168 h, escalates at the deadline, each once", async () => {
    const ticket = await h.open(await h.customer(), "price_quote");
    expect(await h.service.watchDeadlines()).toEqual({ warned: 0, breached: 0 });
    h.clock.advance(84 * HOUR);
    expect(await h.service.watchDeadlines()).toEqual({ warned: 1, breached: 0 });
    expect(await h.service.watchDeadlines()).toEqual({ warned: 0, breached: 0 });
    expect((await h.service.queueView("sales")).waiting[0]?.sla).toBe("warning");
    h.clock.advance(68 * HOUR); // 152 h > 90 % of 168 h
    expect(await h.service.watchDeadlines()).toEqual({ warned: 1, breached: 0 });
    h.clock.advance(16 * HOUR);
    expect(await h.service.watchDeadlines()).toEqual({ warned: 0, breached: 1 });
    expect(await h.service.watchDeadlines()).toEqual({ warned: 0, breached: 0 });
    expect((await h.service.queueView("sales")).waiting[0]?.sla).toBe("breached");

    const events = (await h.service.timeline(ticket.id)).map((e) => [e.type, (e.data as { point?: number }).point ?? null]);
    expect(events).toEqual([
      ["created", null],
      ["sla_warning", 1],
      ["sla_warning", 2],
      ["sla_breached", null],
    ]);
    const customerNotices = (await h.outboxFor(ticket.id, "message")).map(
      (r) => (r.payload as { message: { text: { key: string }[] } }).message.text[0]?.key,
    );
    expect(customerNotices).toEqual(["tickets:breached"]);
    // Every change refreshes the staff card.
    expect((await h.outboxFor(ticket.id)).filter((r) => r.kind === "card")).toHaveLength(4);
  });

  it("a resolved ticket is never escalated", async () => {
    const sales = await h.staff("lan", ["sales"]);
    const ticket = await h.open(await h.customer(), "price_quote");
    await h.service.claimNext(sales.id);
    await h.service.reply(sales.id, ticket.id, "Đã gửi.");
    await h.deliverAll();
    await h.service.resolve(sales.id, ticket.id, "Xong.");
    h.clock.advance(200 * HOUR);
    expect(await h.service.watchDeadlines()).toEqual({ warned: 0, breached: 0 });
  });
});
