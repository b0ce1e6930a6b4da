import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CHAT, type TelegramHarness, telegramHarness } from "../channels/telegram/harness.js";
import { photoUpdate } from "../fixtures/telegram-updates.js";

/**
 * Personal data over the Telegram webhook (Decree 13/2023): the notice at first contact, consent
 * before contact details, a copy and a deletion confirmed by a one-time code sent to the chat.
 */

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

const OTHER = { chatId: 222222222, userId: 222222222, firstName: "Bảo" };

/** A request from the category to the confirmation; consent answered with the given button. */
async function request(
  harness: TelegramHarness,
  consent: "in:consent_yes" | "in:consent_no",
  fields: typeof OTHER | Record<string, never> = {},
  description = "Website congty.vn báo lỗi 500",
) {
  await harness.press("cat:hosting_domain", fields);
  await harness.say(description, fields);
  await harness.say("xong", fields);
  await harness.press(consent, fields);
  if (consent === "in:consent_yes") {
    await harness.say("Nguyễn Văn An", fields);
    await harness.say("0903 123 456", fields);
    await harness.press("in:skip", fields);
  }
  await harness.press("in:confirm", fields);
}

const codeIn = (text: string) => /(\d{6})/.exec(text)?.[1] ?? "";

describe("personal data on Telegram (Decree 13/2023)", () => {
  it("tells the first contact what is kept, asks consent before contact details and records it", async () => {
    h = await telegramHarness();
    await h.say("/start");
    const first = h.texts();
    expect(first[0]).toContain("Để hỗ trợ quý khách, chúng tôi lưu tên, số điện thoại, email, tin nhắn và tệp quý khách gửi");
    expect(first[0]).toMatch(/Thông báo xử lý dữ liệu cá nhân: http:\/\/localhost:\d+\/privacy\?lang=vi/);
    expect(first.some((t) => t.startsWith("Xin chào Ana!"))).toBe(true);
    await h.say("/help");
    expect(h.texts().filter((t) => t.includes("chúng tôi lưu tên"))).toHaveLength(1); // once

    await h.press("cat:hosting_domain");
    await h.say("Website congty.vn báo lỗi 500");
    await h.say("xong");
    expect(h.last()).toContain("Quý khách có đồng ý để chúng tôi lưu tên và thông tin liên hệ");
    expect(h.buttonsOfLast()).toEqual(["in:consent_yes", "in:consent_no", "in:cancel"]);
    expect(await h.db.prisma.consentRecord.count()).toBe(0);
    await h.press("in:consent_yes");
    expect(h.last()).toContain("họ tên");
    await h.say("Nguyễn Văn An");
    await h.say("0903 123 456");
    await h.press("in:skip");
    await h.press("in:confirm");
    expect(h.last()).toContain("Yêu cầu #1 đã được tiếp nhận");

    const consent = await h.db.prisma.consentRecord.findFirstOrThrow({ include: { customer: true } });
    expect(consent).toMatchObject({ decision: "given", version: h.policy.privacy.version, channel: "telegram" });
    expect(consent.at).toEqual(h.clock.now());
    expect(consent.customer.phone).toBe("0903123456");

    // Given once for this version of the notice: the next request goes straight to the contact questions.
    await h.press("cat:email_accounts");
    await h.say("Không gửi được mail");
    await h.say("xong");
    expect(h.last()).toContain("họ tên");
  });

  it("a refusal stores no contact details and the customer can still ask questions", async () => {
    h = await telegramHarness();
    await h.say("/start");
    await request(h, "in:consent_no");
    expect(h.texts().join("\n")).toContain("không đồng ý lưu thông tin liên hệ");
    expect(h.last()).toContain("Yêu cầu #1 đã được tiếp nhận");
    const ticket = await h.db.prisma.ticket.findFirstOrThrow({ include: { customer: true } });
    expect(ticket.contact).toEqual({});
    expect(ticket.customer).toMatchObject({ phone: null, email: null, website: null });
    expect(await h.db.prisma.consentRecord.findFirstOrThrow()).toMatchObject({ decision: "refused" });
    // Questions are still answered.
    await h.say("Giờ làm việc của công ty là mấy giờ ạ?");
    expect(h.last()).toMatch(/giờ|Giờ/);
    expect(h.last()).not.toContain("đồng ý");
  });

  it("a copy of the data holds the customer's tickets and messages and nobody else's", async () => {
    h = await telegramHarness();
    await h.say("/start");
    await request(h, "in:consent_yes", {}, "Lỗi 500 trên congty.vn");
    await h.say("/start", OTHER);
    await request(h, "in:consent_yes", OTHER, "Tên miền benh-vien-bao.vn không truy cập được");

    await h.say("/dulieu");
    expect(h.buttonsOfLast()).toContain("priv:export");
    await h.press("priv:export");
    const code = codeIn(h.texts().find((t) => t.startsWith("Mã xác nhận để nhận bản sao")) ?? "");
    expect(code).toMatch(/^\d{6}$/);
    expect(h.last()).toContain("nhập mã");
    await h.say(code);
    expect(h.texts().join("\n")).toContain("Bản sao dữ liệu của quý khách (1 yêu cầu)");
    const documents = h.sent().filter((m) => m.document);
    expect(documents.map((m) => m.document?.file_name)).toEqual(["du-lieu-ca-nhan.json", "du-lieu-ca-nhan.txt"]);

    const request_ = await h.db.prisma.privacyRequest.findFirstOrThrow({ where: { kind: "export" } });
    expect(request_).toMatchObject({ state: "done", channel: "telegram", codeHash: null });
    expect(request_.requestedBy).toBe(`customer:${request_.customerId}`);
    const json = JSON.parse(readFileSync(path.join(h.dataDir, "files", "privacy", `${request_.id}.json`), "utf8"));
    expect(json.customer).toMatchObject({ name: "Nguyễn Văn An", phone: "0903123456" });
    expect(json.tickets.map((t: { number: number }) => t.number)).toEqual([1]);
    expect(JSON.stringify(json)).toContain("Lỗi 500 trên congty.vn");
    expect(JSON.stringify(json)).not.toContain("benh-vien-bao");
    const text = readFileSync(path.join(h.dataDir, "files", "privacy", `${request_.id}.txt`), "utf8");
    expect(text).toContain("Dữ liệu cá nhân của quý khách");
    expect(text).toContain("Lỗi 500 trên congty.vn");
    expect(text).not.toContain("benh-vien-bao");
  });

  it("wrong codes are limited: after the allowed tries the request is cancelled and the right code no longer works", async () => {
    h = await telegramHarness();
    await h.say("/start");
    await h.say("xem dữ liệu của tôi");
    expect(h.buttonsOfLast()).toContain("priv:erase");
    await h.press("priv:erase");
    const code = codeIn(h.texts().find((t) => t.startsWith("Mã xác nhận để xóa")) ?? "");
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 4; i++) {
      await h.say(wrong);
      expect(h.last()).toContain("Mã không đúng");
    }
    await h.say(wrong);
    expect(h.last()).toContain("sai quá số lần");
    await h.say(code);
    expect(h.last()).not.toContain("đã được xóa");
    expect(await h.db.prisma.privacyRequest.findFirstOrThrow()).toMatchObject({ state: "refused", attempts: 5 });
    expect(await h.db.prisma.customer.findFirstOrThrow()).toMatchObject({ erasedAt: null });
  });

  it("a deletion confirmed by the code removes the customer's personal data everywhere and is logged", async () => {
    h = await telegramHarness();
    await h.say("/start");
    await h.press("cat:hosting_domain");
    await h.say("Website congty.vn báo lỗi 500");
    h.standin.addFile("photo-1", Buffer.from("PNGDATA"), "photos/file_1.jpg");
    await h.post(photoUpdate({ updateId: h.nextId(), fileId: "photo-1", caption: "Ảnh chụp màn hình" }));
    await h.say("xong");
    await h.press("in:consent_yes");
    await h.say("Nguyễn Văn An");
    await h.say("an@congty.vn");
    await h.press("in:skip");
    await h.press("in:confirm");
    await h.say("/start", OTHER);
    await request(h, "in:consent_yes", OTHER, "Tên miền benh-vien-bao.vn không truy cập được");
    const mine = await h.db.prisma.ticket.findFirstOrThrow({ where: { chatId: String(CHAT) }, include: { messages: true } });
    const fileKey = ((mine.messages[0]?.attachments ?? []) as { key: string }[])[0]?.key ?? "missing";
    expect(existsSync(path.join(h.dataDir, "files", fileKey))).toBe(true);

    await h.say("/dulieu");
    await h.press("priv:erase");
    expect(h.last()).toContain("không thể khôi phục");
    const code = codeIn(h.texts().find((t) => t.startsWith("Mã xác nhận để xóa")) ?? "");
    await h.say(code);
    expect(h.last()).toContain("Dữ liệu cá nhân của quý khách đã được xóa (1 yêu cầu đã được ẩn danh)");

    const prisma = h.db.prisma;
    const customer = await prisma.customer.findUniqueOrThrow({ where: { id: mine.customerId }, include: { identities: true } });
    expect(customer).toMatchObject({ name: null, phone: null, email: null, website: null, replyByEmail: false });
    expect(customer.erasedAt).toEqual(h.clock.now());
    expect(customer.identities.map((i) => [i.externalId.startsWith("erased:"), i.displayName])).toEqual([[true, null]]);
    const ticket = await prisma.ticket.findUniqueOrThrow({ where: { id: mine.id }, include: { messages: true } });
    expect(ticket).toMatchObject({ number: mine.number, categoryId: "hosting_domain", description: "—", contact: {} });
    expect(ticket.accessToken).not.toBe(mine.accessToken);
    for (const m of ticket.messages) expect(m).toMatchObject({ text: "—", attachments: [] });
    expect(existsSync(path.join(h.dataDir, "files", fileKey))).toBe(false);
    // Raw inbound events of the chat and delivered outbox rows keep nothing.
    const events = await prisma.inboundEvent.findMany({ where: { partitionKey: `telegram:${CHAT}` } });
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.payload).toEqual({});
    const delivered = await prisma.outboxMessage.findMany({
      where: { OR: [{ destination: `telegram:${CHAT}` }, { ticketId: mine.id }], status: { not: "pending" } },
    });
    expect(delivered.length).toBeGreaterThan(0);
    const everything = JSON.stringify(
      await Promise.all([
        prisma.customer.findMany({ where: { id: mine.customerId } }),
        prisma.ticket.findMany({ where: { id: mine.id } }),
        prisma.message.findMany({ where: { ticketId: mine.id } }),
        prisma.inboundEvent.findMany({ where: { partitionKey: `telegram:${CHAT}` }, select: { payload: true } }),
        delivered.map((row) => row.payload),
        prisma.conversation.findMany({ where: { chatId: String(CHAT) } }),
      ]),
    );
    for (const personal of ["Nguyễn Văn An", "an@congty.vn", "congty.vn báo lỗi", "Ảnh chụp"]) expect(everything).not.toContain(personal);
    // Logged: what, for whom, when, asked by whom.
    const logged = await prisma.privacyRequest.findFirstOrThrow({ where: { kind: "erase" } });
    expect(logged).toMatchObject({ state: "done", customerId: mine.customerId, requestedBy: `customer:${mine.customerId}` });
    expect(logged.completedAt).toEqual(h.clock.now());
    expect(logged.outcome).toMatchObject({ tickets: 1, files: 1 });

    // Nobody else's data was touched.
    const theirs = await prisma.ticket.findFirstOrThrow({ where: { chatId: String(OTHER.chatId) }, include: { customer: true } });
    expect(theirs.description).toContain("benh-vien-bao.vn");
    expect(theirs.customer.name).toBe("Nguyễn Văn An");
  });
});
