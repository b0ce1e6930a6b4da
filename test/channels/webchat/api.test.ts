import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type WebchatHarness, webchatHarness } from "./harness.js";

let h: WebchatHarness | undefined;
afterEach(async () => {
  await h?.app.stop();
  h = undefined;
});

describe("R1.1 a whole request through the web chat API", () => {
  it("opens a request with buttons and text and shows the ticket number, department and estimate (R1.3, R2.2)", async () => {
    h = await webchatHarness();
    const v = await h.session();
    expect(v.visitorId).toMatch(/^v_/);

    expect((await h.say(v, "/start")).json()).toEqual({ ok: true });
    const welcome = await h.fresh(v);
    expect(welcome.map((m) => m.text).join("\n")).toContain("Xin chào quý khách! Đây là bộ phận hỗ trợ khách hàng");
    expect(
      welcome
        .at(-1)
        ?.buttons.flat()
        .map((b) => b.id),
    ).toEqual(["menu:new", "menu:faq", "menu:hours", "menu:status", "menu:help", "menu:lang"]);
    expect(welcome.at(-1)?.buttons[0]?.[0]?.label).toBe("Gửi yêu cầu hỗ trợ");

    await h.press(v, "menu:new");
    const categories = await h.fresh(v);
    expect(categories.at(-1)?.text).toContain("Quý khách cần hỗ trợ về vấn đề gì?");
    expect(
      categories
        .at(-1)
        ?.buttons.flat()
        .map((b) => b.id),
    ).toContain("cat:hosting_domain");

    await h.press(v, "cat:hosting_domain");
    expect(await h.freshText(v)).toContain("Loại yêu cầu: Cấu hình hosting, tên miền.");
    await h.say(v, "Website congty.vn của tôi báo lỗi 500 từ sáng nay");
    await h.press(v, "in:done");
    await h.press(v, "in:consent_yes");
    expect(await h.freshText(v)).toContain("họ tên");
    await h.say(v, "Nguyễn Văn An");
    await h.say(v, "an.nguyen@congty.vn");
    await h.press(v, "in:skip");
    const summary = await h.freshText(v);
    expect(summary).toContain("• Liên hệ: an.nguyen@congty.vn");
    await h.press(v, "in:confirm");
    const answer = await h.freshText(v);
    expect(answer).toContain("Yêu cầu #1 đã được tiếp nhận và chuyển đến Phòng kỹ thuật.");
    expect(answer).toContain("Thời hạn xử lý chậm nhất:");

    const ticket = await h.db.prisma.ticket.findFirstOrThrow();
    expect(ticket).toMatchObject({ number: 1, channel: "webchat", chatId: v.visitorId, departmentId: "technical", status: "ready" });
    // Every answer was delivered (marked sent) by the web chat sender, in order.
    const rows = await h.db.prisma.outboxMessage.findMany({ where: { destination: `webchat:${v.visitorId}` }, orderBy: { seq: "asc" } });
    expect(rows.every((r) => r.status === "sent" && r.platformMessageId === `webchat:${r.seq}`)).toBe(true);
  });

  it("R2.2 answers “mấy giờ làm việc?” and an FAQ question (R2.1)", async () => {
    h = await webchatHarness();
    const v = await h.session();
    await h.say(v, "mấy giờ làm việc?");
    const hours = await h.freshText(v);
    expect(hours).toContain("Tình trạng các bộ phận lúc này (giờ Việt Nam,");
    expect(hours).toMatch(/• Phòng kỹ thuật: đang làm việc/);
    await h.say(v, "giá hosting bao nhiêu?");
    expect(await h.freshText(v)).toContain("gói hosting");
  });

  it("R3.3 a staff reply reaches the widget as a 'reply' message and counts as delivered", async () => {
    h = await webchatHarness();
    const v = await h.session();
    await h.press(v, "cat:product_usage");
    await h.say(v, "Tôi không biết cài WordPress");
    await h.finishRequest(v, { name: "Trần Thị Bình", contact: "0903 123 456" });
    await h.fresh(v);
    const ticket = await h.db.prisma.ticket.findFirstOrThrow();
    const staff = await h.db.prisma.staff.create({ data: { name: "Lan", departments: ["sales"], login: "lan" } });
    const claimed = await h.app.tickets.claim(staff.id, ticket.id);
    expect(claimed.ok).toBe(true);
    const replied = await h.app.tickets.reply(staff.id, ticket.id, "Quý khách vào mục Cài đặt <b>ứng dụng</b> nhé.");
    expect(replied.ok).toBe(true);
    await h.settle();
    const messages = await h.fresh(v);
    const reply = messages.find((m) => m.kind === "reply");
    expect(reply?.text).toContain("Quý khách vào mục Cài đặt <b>ứng dụng</b> nhé.");
    // A file attached to a reply shows as our own signed link.
    mkdirSync(path.join(h.dataDir, "files", "staff"), { recursive: true });
    writeFileSync(path.join(h.dataDir, "files", "staff", "guide.pdf"), "%PDF-1.4");
    const withFile = await h.app.tickets.reply(staff.id, ticket.id, "Hướng dẫn đính kèm.", [
      { key: "staff/guide.pdf", name: "huong-dan.pdf", mimeType: "application/pdf", size: 8 },
    ]);
    expect(withFile.ok).toBe(true);
    await h.settle();
    const fileReply = (await h.fresh(v)).find((m) => m.text.includes("Hướng dẫn đính kèm."));
    expect(fileReply?.text).toMatch(/huong-dan\.pdf: http:\/\/localhost:\d+\/files\/staff\/guide\.pdf\?.*sig=/);
    // Resolve needs a reply marked sent (R3.3): the web chat sender marked it.
    const resolved = await h.app.tickets.resolve(staff.id, ticket.id, "Chúc quý khách thành công.");
    expect(resolved.ok).toBe(true);
    await h.settle();
    const after = await h.fresh(v);
    expect(
      after
        .at(-1)
        ?.buttons.flat()
        .map((b) => b.id),
    ).toEqual([1, 2, 3, 4, 5].map((n) => `rate:${ticket.number}:${n}`));
  });
});

describe("web chat API: validation, identity, duplicates, limits", () => {
  it("processes a retried message (same clientMessageId) once", async () => {
    h = await webchatHarness();
    const v = await h.session();
    const first = await h.message(v, { text: "mấy giờ làm việc?" }, "same-id");
    const again = await h.message(v, { text: "mấy giờ làm việc?" }, "same-id");
    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    await h.settle();
    expect(await h.db.prisma.inboundEvent.count({ where: { source: "webchat" } })).toBe(1);
    // One answer (and the first contact's personal-data notice before it).
    expect(await h.poll(v)).toHaveLength(2);
    // Another visitor may use the same client id: ids are per visitor.
    const w = await h.session();
    await h.message(w, { text: "xin chào" }, "same-id");
    expect(await h.db.prisma.inboundEvent.count({ where: { source: "webchat" } })).toBe(2);
  });

  it("refuses malformed, oversized and wrongly typed bodies with 400 (and a huge body with 413)", async () => {
    h = await webchatHarness();
    const v = await h.session();
    const base = { ...v, clientMessageId: "m1" };
    const cases: unknown[] = [
      { ...base }, // neither text nor choice
      { ...base, text: "hi", choice: "menu:new" }, // both
      { ...base, text: "x".repeat(4001) }, // over 4000 characters
      { ...base, text: "   " }, // empty
      { ...base, text: 42 }, // wrong type
      { ...base, choice: "<script>" }, // not a button id
      { ...base, text: "hi", extra: true }, // unknown field
      { ...base, clientMessageId: "a b", text: "hi" },
      { ...base, text: "hi", language: "fr" },
      [1, 2, 3],
    ];
    for (const body of cases) {
      const response = await h.post(body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      // A text over its limit says so; the rest is a malformed request.
      const tooLong = typeof (body as { text?: unknown }).text === "string" && (body as { text: string }).text.length > 4000;
      expect(response.json()).toMatchObject({ ok: false, error: tooLong ? "too_long" : "invalid_request" });
    }
    const badJson = await h.app.server.inject({
      method: "POST",
      url: "/webchat/messages",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(badJson.statusCode).toBe(400);
    const huge = await h.post({ ...base, text: "x".repeat(20_000) });
    expect(huge.statusCode).toBe(413);
    // Exactly 4000 characters is fine.
    expect((await h.post({ ...base, text: "y".repeat(4000) })).statusCode).toBe(200);
    expect(await h.db.prisma.inboundEvent.count()).toBe(1);
  });

  it("refuses another visitor's token (401) for posting, polling and the stream", async () => {
    h = await webchatHarness();
    const a = await h.session();
    const b = await h.session();
    await h.say(a, "mấy giờ làm việc?");
    const forged = { visitorId: a.visitorId, token: b.token };
    expect((await h.post({ ...forged, clientMessageId: "x1", text: "hi" })).statusCode).toBe(401);
    const query = new URLSearchParams(forged).toString();
    expect((await h.app.server.inject({ method: "GET", url: `/webchat/messages?${query}` })).statusCode).toBe(401);
    expect((await h.app.server.inject({ method: "GET", url: `/webchat/stream?${query}` })).statusCode).toBe(401);
    expect((await h.app.server.inject({ method: "GET", url: `/webchat/messages?visitorId=${a.visitorId}` })).statusCode).toBe(400);
    // B reads nothing of A's.
    expect(await h.poll(b)).toEqual([]);
    expect((await h.poll(a)).length).toBeGreaterThan(0);
  });

  it("keeps a valid session and replaces a forged one", async () => {
    h = await webchatHarness();
    const a = await h.session();
    expect(await h.session({ ...a })).toEqual(a);
    const replaced = await h.session({ visitorId: a.visitorId, token: "forged" });
    expect(replaced.visitorId).not.toBe(a.visitorId);
  });

  it("rate-limits messages per visitor: 429 with Retry-After, other visitors unaffected, free again after the window", async () => {
    h = await webchatHarness();
    const v = await h.session();
    const w = await h.session();
    for (let i = 0; i < 30; i++) expect((await h.message(v, { text: `tin ${i}` })).statusCode).toBe(200);
    const limited = await h.message(v, { text: "một tin nữa" });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["retry-after"]).toBe("60");
    expect((await h.message(w, { text: "xin chào" })).statusCode).toBe(200);
    h.clock.advance(60_001);
    expect((await h.message(v, { text: "lại được rồi" })).statusCode).toBe(200);
  });

  it("resumes with after=: only newer messages", async () => {
    h = await webchatHarness();
    const v = await h.session();
    await h.say(v, "/start");
    const first = await h.poll(v);
    const lastSeen = first.at(-1)?.seq ?? 0;
    expect(first.length).toBeGreaterThan(0);
    await h.say(v, "mấy giờ làm việc?");
    const newer = await h.poll(v, lastSeen);
    expect(newer.length).toBeGreaterThan(0);
    expect(newer.every((m) => m.seq > lastSeen)).toBe(true);
    expect(newer.map((m) => m.seq)).toEqual([...newer.map((m) => m.seq)].sort((x, y) => x - y));
    expect(await h.poll(v, newer.at(-1)?.seq)).toEqual([]);
  });

  it("stores an optional email for follow-up on the customer", async () => {
    h = await webchatHarness();
    const v = await h.session();
    const bad = await h.app.server.inject({ method: "POST", url: "/webchat/email", payload: { ...v, email: "not-an-email" } });
    expect(bad.statusCode).toBe(400);
    const ok = await h.app.server.inject({ method: "POST", url: "/webchat/email", payload: { ...v, email: "an@congty.vn" } });
    expect(ok.statusCode).toBe(200);
    const identity = await h.db.prisma.customerIdentity.findFirstOrThrow({
      where: { channel: "webchat", externalId: v.visitorId },
      include: { customer: true },
    });
    expect(identity.customer.email).toBe("an@congty.vn");
  });

  it("answers CORS preflights so the widget works on other websites", async () => {
    h = await webchatHarness();
    const response = await h.app.server.inject({
      method: "OPTIONS",
      url: "/webchat/messages",
      headers: {
        origin: "https://shop.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    expect(response.headers["access-control-allow-headers"]).toBe("content-type");
  });
});
