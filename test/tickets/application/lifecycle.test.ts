import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type TicketHarness, ticketHarness } from "./harness.js";

const HOUR = 3_600_000;

describe("R1.5 approvals", () => {
  let h: TicketHarness;
  beforeEach(async () => {
    h = await ticketHarness();
  });
  afterEach(() => h.close());

  it("a requiresApproval category waits for Customer care; approval puts it in its queue with readiness = approval time", async () => {
    const care = await h.staff("mai", ["customer_care"]);
    const tech = await h.staff("tuan", ["technical"]);
    const opened = await h.service.open({
      customerId: (await h.customer()).id,
      channel: "telegram",
      chatId: "77",
      language: "vi",
      categoryId: "service_installation",
      description: "Cài đặt SSL theo hợp đồng",
      contact: {},
    });
    expect(opened.ok && opened.value.estimate).toEqual({ kind: "awaiting_approval" });
    const ticket = opened.ok ? opened.value.ticket : null;
    expect(ticket).toMatchObject({ status: "awaiting_approval", departmentId: "technical", readyAt: null });
    expect(await h.service.claimNext(tech.id)).toEqual({ ok: false, code: "queue_empty" });
    expect(await h.service.approve(tech.id, ticket?.id ?? "")).toMatchObject({ ok: false, code: "not_customer_care" });

    h.clock.advance(2 * HOUR);
    const approved = await h.service.approve(care.id, ticket?.id ?? "");
    expect(approved.ok).toBe(true);
    if (!approved.ok) return;
    expect(approved.value.ticket.readyAt).toEqual(h.clock.now());
    expect(approved.value.ticket.resolutionDueAt).toEqual(new Date(h.clock.now().getTime() + 168 * HOUR));
    expect((await h.service.claimNext(tech.id)).ok).toBe(true);
  });

  it("a rejection needs a reason and reaches the customer in writing, with the greeting", async () => {
    const care = await h.staff("mai", ["customer_care"]);
    const ticket = await h.open(await h.customer(), "contract_transfer");
    expect(await h.service.reject(care.id, ticket.id, " ")).toEqual({ ok: false, code: "reason_required" });
    const rejected = await h.service.reject(care.id, ticket.id, "Hợp đồng chưa đủ chữ ký của hai bên.");
    expect(rejected.ok && rejected.value.ticket.status).toBe("rejected");
    // The notice names the ticket; the reason follows as a reply that starts with the greeting (R3.5).
    const textOf = (row: { payload: unknown } | undefined) =>
      (row?.payload as { message: { text: ({ key: string } | { raw: string })[] } } | undefined)?.message.text ?? [];
    const noticeRow = (await h.outboxFor(ticket.id, "message")).at(-1);
    expect(textOf(noticeRow)).toEqual([{ key: "tickets:rejected", vars: { number: ticket.number } }]);
    const [replyRow] = await h.outboxFor(ticket.id, "reply");
    expect(textOf(replyRow)).toHaveLength(1);
    expect((textOf(replyRow)[0] as { raw: string }).raw).toMatch(/^Kính thưa quý khách,\n.*chưa đủ chữ ký/s);
  });
});

describe("R2.5 one issue after another", () => {
  let h: TicketHarness;
  beforeEach(async () => {
    h = await ticketHarness();
  });
  afterEach(() => h.close());

  it("parks a second request behind the active one, with an estimate, and releases it when the first is resolved", async () => {
    const sales = await h.staff("lan", ["sales"]);
    const tech = await h.staff("tuan", ["technical"]);
    const customer = await h.customer();
    const first = await h.open(customer, "price_quote");
    const second = await h.service.open({
      customerId: customer.id,
      channel: "telegram",
      chatId: customer.chatId,
      language: "vi",
      categoryId: "hosting_domain",
      description: "Trỏ tên miền",
      contact: {},
    });
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(second.value.ticket).toMatchObject({ status: "parked", readyAt: null, relatedTicketId: first.id });
    expect(second.value.estimate).toEqual({
      kind: "after",
      afterNumber: first.number,
      by: new Date((first.resolutionDueAt?.getTime() ?? 0) + 24 * HOUR),
    });
    // Parked tickets are in no queue.
    expect(await h.service.claimNext(tech.id)).toEqual({ ok: false, code: "queue_empty" });

    await h.service.claimNext(sales.id);
    await h.service.reply(sales.id, first.id, "Báo giá đã gửi.");
    await h.deliverAll();
    h.clock.advance(HOUR);
    const resolved = await h.service.resolve(sales.id, first.id, "Hoàn tất.");
    expect(resolved.ok && resolved.value.released?.id).toBe(second.value.ticket.id);
    const released = await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: second.value.ticket.id } });
    expect(released).toMatchObject({ status: "ready", readyAt: h.clock.now(), startDueAt: new Date(h.clock.now().getTime() + 24 * HOUR) });

    h.clock.advance(2 * HOUR);
    expect((await h.service.claimNext(tech.id)).ok).toBe(true);
    const claimed = (await h.service.timeline(released.id)).find((e) => e.type === "claimed");
    expect(claimed?.data).toEqual({ chainStartMet: true });
  });

  it("withdrawing the active request releases the next; a withdrawn parked one releases nothing", async () => {
    const customer = await h.customer();
    const first = await h.open(customer, "price_quote");
    const second = await h.open(customer, "custom_design");
    const third = await h.open(customer, "hosting_domain");
    const withdrawnParked = await h.service.withdraw(customer.id, third.id);
    expect(withdrawnParked.ok && withdrawnParked.value.released).toBeNull();
    const withdrawn = await h.service.withdraw(customer.id, first.id);
    expect(withdrawn.ok && withdrawn.value.released?.id).toBe(second.id);
    const other = await h.customer("Khác");
    expect(await h.service.withdraw(other.id, second.id)).toEqual({ ok: false, code: "not_your_ticket" });
  });

  it("a satisfaction case is outside the chain and the customer status lists state, position and estimate", async () => {
    const customer = await h.customer();
    const other = await h.customer("Khác");
    await h.open(other, "price_quote");
    const mine = await h.open(customer, "price_quote");
    const parked = await h.open(customer, "hosting_domain");
    const status = await h.service.customerStatus(customer.id);
    expect(status.map((s) => [s.ticket.number, s.ticket.status, s.estimate.kind])).toEqual([
      [parked.number, "parked", "after"],
      [mine.number, "ready", "in_queue"],
    ]);
    const inQueue = status[1]?.estimate;
    expect(inQueue).toMatchObject({ kind: "in_queue", position: 2, generalDuty: false, opening: { open: true } });
  });
});

describe("reroute and reopen", () => {
  let h: TicketHarness;
  beforeEach(async () => {
    h = await ticketHarness();
  });
  afterEach(() => h.close());

  it("R1.5 reroute keeps the readiness time and the deadline, and tells the customer", async () => {
    const care = await h.staff("mai", ["customer_care"]);
    const ticket = await h.open(await h.customer(), "other");
    expect(ticket.departmentId).toBe("customer_care");
    h.clock.advance(HOUR);
    const moved = await h.service.reroute(care.id, ticket.id, "design", "Khách cần thiết kế banner");
    expect(moved.ok).toBe(true);
    if (!moved.ok) return;
    expect(moved.value.ticket).toMatchObject({ departmentId: "design", readyAt: ticket.readyAt, resolutionDueAt: ticket.resolutionDueAt });
    const notices = (await h.outboxFor(ticket.id, "message")).map(
      (r) => (r.payload as { message: { text: { key: string }[] } }).message.text[0]?.key,
    );
    expect(notices).toContain("tickets:rerouted");
    expect(await h.service.reroute(care.id, ticket.id, "nowhere", "x")).toEqual({ ok: false, code: "unknown_department" });
  });

  it("reopen within the window puts the ticket back at the head of its department, with its history", async () => {
    const sales = await h.staff("lan", ["sales"]);
    const customer = await h.customer();
    const ticket = await h.open(customer, "price_quote");
    await h.service.claimNext(sales.id);
    await h.service.reply(sales.id, ticket.id, "Đã gửi.");
    await h.deliverAll();
    await h.service.resolve(sales.id, ticket.id, "Xong.");
    h.clock.advance(HOUR);
    const waiting = await h.open(await h.customer("Khác"), "price_quote");
    const reopened = await h.service.reopen(customer.id, ticket.id);
    expect(reopened.ok).toBe(true);
    const queue = await h.service.queueView("sales");
    expect(queue.waiting.map((e) => e.ticket.id)).toEqual([ticket.id, waiting.id]);
    const types = (await h.service.timeline(ticket.id)).map((e) => e.type);
    expect(types.slice(-2)).toEqual(["resolved", "reopened"]);
  });

  it("reopen is refused after the policy's window", async () => {
    const sales = await h.staff("lan", ["sales"]);
    const customer = await h.customer();
    const ticket = await h.open(customer, "price_quote");
    await h.service.claimNext(sales.id);
    await h.service.reply(sales.id, ticket.id, "Đã gửi.");
    await h.deliverAll();
    await h.service.resolve(sales.id, ticket.id, "Xong.");
    h.clock.advance((h.policy.sla.reopenWindowHours + 1) * HOUR);
    expect(await h.service.reopen(customer.id, ticket.id)).toEqual({ ok: false, code: "reopen_window_passed" });
  });
});

describe("the life cycle table guards every use case", () => {
  let h: TicketHarness;
  beforeEach(async () => {
    h = await ticketHarness();
  });
  afterEach(() => h.close());

  it("a resolved or withdrawn ticket stays finished, even when its claimer presses Unclaim or Hand back", async () => {
    const sales = await h.staff("lan", ["sales"]);
    const customer = await h.customer();
    const resolved = await h.open(customer, "price_quote");
    await h.service.claimNext(sales.id);
    await h.answerAndResolve(sales.id, resolved.id);
    const withdrawn = await h.open(customer, "price_quote");
    await h.service.claimNext(sales.id);
    await h.service.withdraw(customer.id, withdrawn.id);

    for (const ticket of [resolved, withdrawn]) {
      const before = await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
      expect(before.claimedById).toBe(sales.id);
      expect(await h.service.unclaim(sales.id, ticket.id)).toMatchObject({
        ok: false,
        code: "wrong_status",
        details: { status: before.status },
      });
      expect(await h.service.handBack(sales.id, ticket.id, "Sai phòng")).toMatchObject({ ok: false, code: "wrong_status" });
      expect(
        await h.service.reroute((await h.staff(`care-${ticket.number}`, ["customer_care"])).id, ticket.id, "design", "x"),
      ).toMatchObject({
        ok: false,
        code: "wrong_status",
      });
      expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe(before.status);
    }
  });
});

describe("R1.1 opening a request", () => {
  it("keeps the contact details the customer gave on their profile; a refused request changes nothing", async () => {
    const h = await ticketHarness();
    try {
      const customer = await h.customer("Telegram Name");
      const refused = await h.service.open({
        customerId: customer.id,
        channel: "telegram",
        chatId: customer.chatId,
        language: "vi",
        categoryId: "nonexistent",
        description: "x",
        contact: { name: "Không lưu" },
      });
      expect(refused.ok).toBe(false);
      expect((await h.db.prisma.customer.findUniqueOrThrow({ where: { id: customer.id } })).name).toBe("Telegram Name");
      await h.open(customer, "price_quote", { contact: { name: "Phạm Dũng", email: "dung@congty.vn", website: "congty.vn" } });
      expect(await h.db.prisma.customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({
        name: "Phạm Dũng",
        email: "dung@congty.vn",
        website: "congty.vn",
        phone: null,
      });
    } finally {
      await h.close();
    }
  });
});
