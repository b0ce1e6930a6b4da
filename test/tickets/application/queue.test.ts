import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type TicketHarness, ticketHarness } from "./harness.js";

describe("R3.1 queue order and claims", () => {
  let h: TicketHarness;
  beforeEach(async () => {
    h = await ticketHarness();
  });
  afterEach(() => h.close());

  async function threeSalesTickets() {
    const tickets = [];
    for (const name of ["An", "Bình", "Chi"]) {
      tickets.push(await h.open(await h.customer(name), "price_quote"));
      h.clock.advance(60_000);
    }
    return tickets;
  }

  it("Claim next takes the head; a claim on a card that is not the head is refused with its position and the head's number", async () => {
    const sales = await h.staff("lan", ["sales"]);
    const [first, second, third] = await threeSalesTickets();
    const refused = await h.service.claim(sales.id, third?.id ?? "");
    expect(refused).toEqual({ ok: false, code: "not_head", details: { number: third?.number, position: 3, headNumber: first?.number } });

    const next = await h.service.claimNext(sales.id);
    expect(next.ok && next.value.id).toBe(first?.id);
    const claimHead = await h.service.claim(sales.id, second?.id ?? "");
    expect(claimHead.ok && claimHead.value.status).toBe("claimed");
    const queue = await h.service.queueView("sales");
    expect(queue.waiting.map((e) => [e.ticket.number, e.position])).toEqual([[third?.number, 1]]);
  });

  it("R3.2 the order ignores who the customer is: only readiness time, then ticket number", async () => {
    const [a, b, c] = await threeSalesTickets();
    // The same instant for two tickets: the number breaks the tie.
    const queue = await h.service.queueView("sales");
    expect(queue.waiting.map((e) => e.ticket.id)).toEqual([a?.id, b?.id, c?.id]);
    expect(queue.waiting.every((e) => e.sla === "on_track")).toBe(true);
  });

  it("unclaim puts the ticket back in its place by readiness time", async () => {
    const sales = await h.staff("lan", ["sales"]);
    const [first, second] = await threeSalesTickets();
    await h.service.claimNext(sales.id);
    await h.service.claimNext(sales.id);
    const back = await h.service.unclaim(sales.id, first?.id ?? "");
    expect(back.ok).toBe(true);
    const queue = await h.service.queueView("sales");
    expect(queue.waiting[0]?.ticket.id).toBe(first?.id);
    expect(queue.claimed.map((e) => e.ticket.id)).toEqual([second?.id]);
    const events = await h.service.timeline(first?.id ?? "");
    expect(events.map((e) => e.type)).toEqual(["created", "claimed", "unclaimed"]);
  });

  it("an empty queue is a refusal, not an error", async () => {
    const sales = await h.staff("lan", ["sales"]);
    expect(await h.service.claimNext(sales.id)).toEqual({ ok: false, code: "queue_empty" });
  });

  it("tells the customer when the ticket is claimed and puts the card update in the outbox", async () => {
    const sales = await h.staff("lan", ["sales"]);
    const [first] = await threeSalesTickets();
    await h.service.claimNext(sales.id);
    const rows = await h.outboxFor(first?.id ?? "");
    expect(rows.map((r) => [r.channel, r.kind])).toEqual([
      ["slack", "card"],
      ["telegram", "message"],
      ["slack", "card"],
    ]);
    expect(rows[1]?.payload).toMatchObject({
      message: { language: "vi", text: [{ key: "tickets:claimed", vars: { number: first?.number } }] },
    });
    expect(rows[1]?.destination).toMatch(/^telegram:\d+$/);
  });
});

describe("R4.1 department scopes and claimers", () => {
  let h: TicketHarness;
  beforeEach(async () => {
    h = await ticketHarness();
  });
  afterEach(() => h.close());

  it("a Sales member cannot claim a Technical ticket; Customer care may reroute but not claim it", async () => {
    const sales = await h.staff("lan", ["sales"]);
    const care = await h.staff("mai", ["customer_care"]);
    const ticket = await h.open(await h.customer(), "hosting_domain");
    expect(ticket.departmentId).toBe("technical");
    expect(await h.service.claim(sales.id, ticket.id)).toMatchObject({ ok: false, code: "not_your_department" });
    expect(await h.service.claim(care.id, ticket.id)).toMatchObject({ ok: false, code: "not_your_department" });
    expect(await h.service.claimNext(sales.id)).toEqual({ ok: false, code: "queue_empty" });
    expect((await h.service.reroute(care.id, ticket.id, "sales", "Thuộc báo giá")).ok).toBe(true);
    expect((await h.service.claim(sales.id, ticket.id)).ok).toBe(true);
  });

  it("only the claimer replies to, resolves or unclaims a claimed ticket", async () => {
    const lan = await h.staff("lan", ["sales"]);
    const hoa = await h.staff("hoa", ["sales"]);
    const ticket = await h.open(await h.customer(), "price_quote");
    await h.service.claimNext(lan.id);
    expect(await h.service.reply(hoa.id, ticket.id, "Chúng tôi gửi báo giá.")).toMatchObject({ ok: false, code: "claimed_by_other" });
    expect(await h.service.resolve(hoa.id, ticket.id, "Xong.")).toMatchObject({ ok: false, code: "claimed_by_other" });
    expect(await h.service.unclaim(hoa.id, ticket.id)).toMatchObject({ ok: false, code: "claimed_by_other" });
  });

  it("Customer care reassigns a claimed ticket to another member of its department, with a reason", async () => {
    const lan = await h.staff("lan", ["sales"]);
    const hoa = await h.staff("hoa", ["sales"]);
    const tech = await h.staff("tuan", ["technical"]);
    const care = await h.staff("mai", ["customer_care"]);
    const ticket = await h.open(await h.customer(), "price_quote");
    await h.service.claimNext(lan.id);
    expect(await h.service.reassign(lan.id, ticket.id, hoa.id, "nghỉ phép")).toMatchObject({ ok: false, code: "not_customer_care" });
    expect(await h.service.reassign(care.id, ticket.id, hoa.id, "")).toMatchObject({ ok: false, code: "reason_required" });
    expect(await h.service.reassign(care.id, ticket.id, tech.id, "nghỉ phép")).toMatchObject({
      ok: false,
      code: "target_not_in_department",
    });
    const moved = await h.service.reassign(care.id, ticket.id, hoa.id, "Lan nghỉ phép");
    expect(moved.ok && moved.value.claimedById).toBe(hoa.id);
    expect((await h.service.reply(hoa.id, ticket.id, "Báo giá đính kèm.")).ok).toBe(true);
  });

  it("the claimer hands a misrouted ticket back to Customer care; it keeps its readiness time and deadline", async () => {
    const tech = await h.staff("tuan", ["technical"]);
    const ticket = await h.open(await h.customer(), "hosting_domain");
    await h.service.claimNext(tech.id);
    h.clock.advance(3_600_000);
    expect(await h.service.handBack(tech.id, ticket.id, "")).toMatchObject({ ok: false, code: "reason_required" });
    const back = await h.service.handBack(tech.id, ticket.id, "Đây là yêu cầu báo giá");
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.value.ticket).toMatchObject({ departmentId: "customer_care", status: "ready", claimedById: null });
    expect(back.value.ticket.readyAt).toEqual(ticket.readyAt);
    expect(back.value.ticket.resolutionDueAt).toEqual(ticket.resolutionDueAt);
  });
});

describe("R2.6 general duty on holidays", () => {
  it("on Tết a general-duty member claims from one queue merged across departments by readiness time", async () => {
    const h = await ticketHarness({ now: "2026-02-17T02:00:00Z" }); // 09:00, first day of Tết 2026
    try {
      const duty = await h.staff("truc", [], { generalDuty: true });
      const design = await h.staff("vy", ["design"]);
      const technical = await h.open(await h.customer(), "hosting_domain");
      h.clock.advance(1000);
      const sales = await h.open(await h.customer(), "price_quote");
      h.clock.advance(1000);
      const designTicket = await h.open(await h.customer(), "custom_design");

      expect(await h.service.claim(duty.id, sales.id)).toMatchObject({
        ok: false,
        code: "not_head",
        details: { position: 2, headNumber: technical.number },
      });
      const first = await h.service.claimNext(duty.id);
      expect(first.ok && first.value.id).toBe(technical.id);
      // A department member still works their own department's line.
      const own = await h.service.claim(design.id, designTicket.id);
      expect(own.ok).toBe(true);
      const second = await h.service.claimNext(duty.id);
      expect(second.ok && second.value.id).toBe(sales.id);
    } finally {
      await h.close();
    }
  });

  it("on a normal working day general duty has no department queue", async () => {
    const h = await ticketHarness();
    try {
      const duty = await h.staff("truc", [], { generalDuty: true });
      const ticket = await h.open(await h.customer(), "price_quote");
      expect(await h.service.claim(duty.id, ticket.id)).toMatchObject({ ok: false, code: "not_your_department" });
      expect(await h.service.claimNext(duty.id)).toEqual({ ok: false, code: "queue_empty" });
    } finally {
      await h.close();
    }
  });
});
