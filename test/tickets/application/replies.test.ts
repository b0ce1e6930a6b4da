import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type TicketHarness, ticketHarness } from "./harness.js";

describe("replies and resolution (R3.3–R3.6, R4.2)", () => {
  let h: TicketHarness;
  beforeEach(async () => {
    h = await ticketHarness();
  });
  afterEach(() => h.close());

  async function claimedTicket(categoryId = "price_quote", staffDepartment = "sales") {
    const staff = await h.staff("lan", [staffDepartment]);
    const ticket = await h.open(await h.customer(), categoryId);
    await h.service.claimNext(staff.id);
    return { staff, ticket };
  }

  it("R3.5 the reply reaching the customer starts with the greeting exactly once, and is stored as sent", async () => {
    const { staff, ticket } = await claimedTicket();
    const typed = await h.service.reply(staff.id, ticket.id, "Kính thưa quý khách, báo giá hosting đã được gửi qua email.");
    const plain = await h.service.reply(staff.id, ticket.id, "Quý khách cần thêm thông tin gì không?");
    expect(typed.ok && plain.ok).toBe(true);
    const replies = await h.outboxFor(ticket.id, "reply");
    const texts = replies.map((r) => ((r.payload as { message: { text: { raw: string }[] } }).message.text[0] as { raw: string }).raw);
    for (const text of texts) {
      expect(text.startsWith("Kính thưa quý khách")).toBe(true);
      expect(text.match(/Kính thưa quý khách/gi)).toHaveLength(1);
      // R3.6: Telegram is not email, and the default policy does not close chat replies.
      expect(text).not.toContain("Cám ơn quý khách đã quan tâm");
    }
    const stored = await h.db.prisma.message.findMany({ where: { ticketId: ticket.id, direction: "out" }, orderBy: { seq: "asc" } });
    expect(stored.map((m) => m.text)).toEqual(texts);
  });

  it("R3.6 an email reply ends with the closing", async () => {
    const staff = await h.staff("lan", ["sales"]);
    const customer = await h.customer();
    const opened = await h.service.open({
      customerId: customer.id,
      channel: "email",
      chatId: "an@example.com",
      language: "vi",
      categoryId: "price_quote",
      description: "Xin báo giá",
      contact: { email: "an@example.com" },
    });
    expect(opened.ok).toBe(true);
    await h.service.claimNext(staff.id);
    const sent = await h.service.reply(staff.id, opened.ok ? opened.value.ticket.id : "", "Báo giá đính kèm.");
    expect(sent.ok && sent.value.sentText.trimEnd().endsWith("Cám ơn quý khách đã quan tâm đến sản phẩm và dịch vụ của chúng tôi")).toBe(
      true,
    );
  });

  it("R3.4 refuses a phone-call proposal, R4.2 abusive words, and an empty reply; nothing is sent", async () => {
    const { staff, ticket } = await claimedTicket();
    expect(await h.service.reply(staff.id, ticket.id, "Em gọi điện cho anh lúc 3 giờ nhé")).toMatchObject({
      ok: false,
      code: "verbal_exchange",
    });
    expect(await h.service.reply(staff.id, ticket.id, "em goi dien cho anh nhe")).toMatchObject({ ok: false, code: "verbal_exchange" });
    expect(await h.service.reply(staff.id, ticket.id, "Let me give you a call tomorrow")).toMatchObject({
      ok: false,
      code: "verbal_exchange",
    });
    expect(await h.service.reply(staff.id, ticket.id, "   ")).toMatchObject({ ok: false, code: "empty" });
    expect(await h.service.reply(staff.id, ticket.id, "You are stupid")).toMatchObject({ ok: false, code: "abusive" });
    expect(await h.outboxFor(ticket.id, "reply")).toHaveLength(0);
  });

  it("R3.3 resolve is refused until a written reply was delivered, then accepted; the resolution is a reply too", async () => {
    const { staff, ticket } = await claimedTicket();
    expect(await h.service.resolve(staff.id, ticket.id, "Đã xử lý xong.")).toMatchObject({ ok: false, code: "no_delivered_reply" });
    await h.service.reply(staff.id, ticket.id, "Chúng tôi đang kiểm tra.");
    // Written but not yet delivered: still refused.
    expect(await h.service.resolve(staff.id, ticket.id, "Đã xử lý xong.")).toMatchObject({ ok: false, code: "no_delivered_reply" });
    await h.deliverAll();
    const resolved = await h.service.resolve(staff.id, ticket.id, "Đã xử lý xong.");
    expect(resolved.ok).toBe(true);
    if (!resolved.ok) return;
    expect(resolved.value.ticket.status).toBe("resolved");
    expect(resolved.value.sentText.startsWith("Kính thưa quý khách")).toBe(true);
    const customerRows = (await h.outboxFor(ticket.id)).filter((r) => r.channel === "telegram");
    const last = customerRows[customerRows.length - 1]?.payload as { message: { text: { key: string }[]; buttons: { id: string }[][] } };
    expect(last.message.text[0]?.key).toBe("tickets:rate_prompt");
    expect(last.message.buttons[0]?.map((b) => b.id)).toEqual([1, 2, 3, 4, 5].map((s) => `rate:${ticket.number}:${s}`));
    const types = (await h.service.timeline(ticket.id)).map((e) => e.type);
    expect(types).toEqual(["created", "claimed", "replied", "replied", "resolved"]);
  });

  it("internal notes never reach the customer", async () => {
    const { staff, ticket } = await claimedTicket();
    const before = (await h.outboxFor(ticket.id)).filter((r) => r.channel === "telegram").length;
    expect((await h.service.addNote(staff.id, ticket.id, "Khách này hỏi lần 2", { echoToStaffChannels: false })).ok).toBe(true);
    const after = (await h.outboxFor(ticket.id)).filter((r) => r.channel === "telegram").length;
    expect(after).toBe(before);
    const notes = await h.db.prisma.message.findMany({ where: { ticketId: ticket.id, direction: "note" } });
    expect(notes.map((n) => n.text)).toEqual(["Khách này hỏi lần 2"]);
  });

  it("a customer's message attaches to the active request and reaches staff", async () => {
    const customer = await h.customer();
    const ticket = await h.open(customer, "price_quote");
    const added = await h.service.addCustomerMessage({
      customerId: customer.id,
      channel: "telegram",
      text: "Thêm thông tin: gói Business",
    });
    expect(added.ok && added.value.id).toBe(ticket.id);
    const thread = (await h.outboxFor(ticket.id, "thread")).map((r) => r.payload);
    expect(thread).toEqual([{ kind: "customer", text: "Thêm thông tin: gói Business", author: "customer", attachments: [] }]);
    const stranger = await h.customer("Lạ");
    expect(await h.service.addCustomerMessage({ customerId: stranger.id, channel: "telegram", text: "hello" })).toEqual({
      ok: false,
      code: "no_open_ticket",
    });
  });
});

describe("R4.2 ratings", () => {
  let h: TicketHarness;
  beforeEach(async () => {
    h = await ticketHarness();
  });
  afterEach(() => h.close());

  async function resolvedTicket() {
    const staff = await h.staff("lan", ["sales"]);
    const customer = await h.customer();
    const ticket = await h.open(customer, "price_quote");
    await h.service.claimNext(staff.id);
    await h.service.reply(staff.id, ticket.id, "Báo giá đã gửi.");
    await h.deliverAll();
    await h.service.resolve(staff.id, ticket.id, "Hoàn tất.");
    return { customer, ticket };
  }

  it("stores a rating once, by the ticket's customer", async () => {
    const { customer, ticket } = await resolvedTicket();
    const other = await h.customer("Khác");
    expect(await h.service.rate(other.id, ticket.id, 5)).toEqual({ ok: false, code: "not_your_ticket" });
    expect(await h.service.rate(customer.id, ticket.id, 6)).toEqual({ ok: false, code: "invalid_stars" });
    const rated = await h.service.rate(customer.id, ticket.id, 5);
    expect(rated.ok && rated.value.satisfactionCase).toBeNull();
    expect(await h.service.rate(customer.id, ticket.id, 4)).toEqual({ ok: false, code: "already_rated" });
    expect((await h.db.prisma.rating.findMany()).map((r) => r.stars)).toEqual([5]);
  });

  it("1–2★ opens a satisfaction case in Customer care, outside the customer's chain", async () => {
    const { customer, ticket } = await resolvedTicket();
    const rated = await h.service.rate(customer.id, ticket.id, 2, "Chậm quá");
    expect(rated.ok).toBe(true);
    if (!rated.ok) return;
    expect(rated.value.satisfactionCase).toMatchObject({
      kind: "satisfaction",
      departmentId: "customer_care",
      status: "ready",
      relatedTicketId: ticket.id,
    });
    // The customer's next request is not parked behind the case.
    const next = await h.open(customer, "price_quote");
    expect(next.status).toBe("ready");
  });
});

describe("R2.3 technical support goes through the system", () => {
  it("a Technical answer reaches the customer only as the system's written reply, and moving it to the phone is refused", async () => {
    const h = await ticketHarness();
    try {
      const tech = await h.staff("tuan", ["technical"]);
      const ticket = await h.open(await h.customer(), "hosting_domain");
      await h.service.claimNext(tech.id);
      expect(await h.service.reply(tech.id, ticket.id, "Anh liên hệ qua điện thoại giúp em nhé")).toMatchObject({
        ok: false,
        code: "verbal_exchange",
      });
      const sent = await h.service.reply(tech.id, ticket.id, "Chúng tôi đã cấu hình lại DNS cho tên miền.");
      expect(sent.ok).toBe(true);
      const [row] = await h.outboxFor(ticket.id, "reply");
      const stored = await h.db.prisma.message.findMany({ where: { ticketId: ticket.id, direction: "out" } });
      expect(stored.map((m) => m.text)).toEqual([sent.ok ? sent.value.sentText : ""]);
      expect((row?.payload as { message: { text: { raw: string }[] } } | undefined)?.message.text[0]?.raw).toBe(stored[0]?.text);
    } finally {
      await h.close();
    }
  });
});
