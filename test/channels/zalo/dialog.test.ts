import { afterEach, describe, expect, it } from "vitest";
import { USER, type ZaloHarness, zaloHarness } from "./harness.js";

let h: ZaloHarness | undefined;
afterEach(async () => {
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

const OTHER = "6150000000000000999";

describe("R1.1 a request through Zalo's buttons and contact form", () => {
  it("opens a request with taps, the name and phone from Zalo's contact form, and gives number, department and estimate", async () => {
    h = await zaloHarness();
    await h.press("menu:new");
    expect(h.last()).toContain("Quý khách cần hỗ trợ về vấn đề gì?");
    expect(h.buttonsOfLast()).toContain("cat:hosting_domain");
    await h.press("cat:hosting_domain");
    await h.say("Website congty.vn của tôi báo lỗi 500 từ sáng nay");
    await h.say("xong");
    // Decree 13/2023: consent before any contact detail, by a tap.
    expect(h.buttonsOfLast()).toEqual(["in:consent_yes", "in:consent_no", "in:cancel"]);
    await h.press("in:consent_yes");
    expect(h.last()).toContain("họ tên");
    // The name question comes with Zalo's form asking for name and phone in one tap.
    expect(h.standin.sent().at(-1)?.requestUserInfo).toEqual({
      title: "Thông tin liên hệ",
      subtitle: "Chạm để gửi họ tên và số điện thoại của quý khách cho Phòng Chăm sóc khách hàng.",
    });
    await h.submitInfo({ name: "Nguyễn Văn An", phone: "0903123456" });
    expect(h.last()).toContain("Website hoặc tên miền");
    await h.press("in:skip");
    expect(h.last()).toContain("• Liên hệ: 0903123456");
    await h.press("in:confirm");
    const answer = h.since();
    expect(answer).toContain("Yêu cầu #1 đã được tiếp nhận và chuyển đến Phòng kỹ thuật.");
    expect(answer).toContain("Thời hạn xử lý chậm nhất: thứ tư, 02/12/2026 09:00.");
    const ticket = await h.db.prisma.ticket.findFirstOrThrow();
    expect(ticket).toMatchObject({ number: 1, channel: "zalo", chatId: USER, departmentId: "technical" });
    expect(ticket.contact).toEqual({ name: "Nguyễn Văn An", phone: "0903123456" });
  });

  it("records the contact form's answer as two events, name then phone, each its own turn; a redelivery adds nothing", async () => {
    h = await zaloHarness();
    await h.press("menu:new");
    await h.press("cat:hosting_domain");
    await h.say("Website congty.vn báo lỗi 500");
    await h.say("xong");
    await h.press("in:consent_yes");
    h.clock.advance(1);
    const form = {
      app_id: h.standin.appId,
      sender: { id: USER },
      recipient: { id: h.standin.oaId },
      event_name: "user_submit_info",
      info: { name: "Nguyễn Văn An", phone: "0903123456", address: "12 Lê Lợi" },
      timestamp: String(h.clock.now().getTime()),
    };
    expect((await h.post(form)).statusCode).toBe(200);
    const halves = await h.db.prisma.inboundEvent.findMany({
      where: { dedupKey: { startsWith: "user_submit_info:" } },
      orderBy: { seq: "asc" },
    });
    expect(halves.map((e) => [e.dedupKey.split(":").at(-1), (e.payload as { hotro_part?: string }).hotro_part])).toEqual([
      ["name", "name"],
      ["phone", "phone"],
    ]);
    expect(halves.map((e) => [e.processedAt !== null, e.partitionKey])).toEqual([
      [true, `zalo:${USER}`],
      [true, `zalo:${USER}`],
    ]);
    expect(h.last()).toContain("Website hoặc tên miền");
    const answers = h.texts().length;
    expect((await h.post(form)).statusCode).toBe(200);
    expect(await h.db.prisma.inboundEvent.count({ where: { dedupKey: { startsWith: "user_submit_info:" } } })).toBe(2);
    expect(h.texts()).toHaveLength(answers);
    await h.press("in:skip");
    await h.press("in:confirm");
    expect((await h.db.prisma.ticket.findFirstOrThrow()).contact).toEqual({ name: "Nguyễn Văn An", phone: "0903123456" });
  });

  it("works with typed answers too: words, numbers for the choices, the contact typed", async () => {
    h = await zaloHarness({ now: "2026-11-25T05:15:00Z" }); // 12:15 Wednesday
    await h.say("toi muon gui yeu cau ho tro");
    expect(h.last()).toContain("Quý khách cần hỗ trợ về vấn đề gì?");
    await h.say("3"); // the third category: email accounts
    expect(h.last()).toContain("Loại yêu cầu: Tài khoản email.");
    await h.say("khong gui duoc mail tu outlook");
    await h.say("xong");
    await h.say("đồng ý"); // consent to keep the contact details
    expect(h.last()).toContain("họ tên");
    await h.say("Nguyen Van An");
    await h.say("an.nguyen@congty.vn");
    await h.say("1"); // Skip the website
    await h.say("1"); // Confirm
    expect(h.since()).toContain("Yêu cầu #1 đã được tiếp nhận");
    expect((await h.db.prisma.ticket.findFirstOrThrow()).contact).toEqual({ name: "Nguyen Van An", email: "an.nguyen@congty.vn" });
  });

  it("speaks English after the language choice", async () => {
    h = await zaloHarness();
    await h.press("menu:lang");
    await h.press("lang:en");
    await h.say("when are you open?");
    expect(h.last()).toContain("• Technical: on duty.");
    await h.press("menu:new");
    expect(h.last()).toContain("What do you need help with?");
  });
});

describe("status actions on Zalo", () => {
  // FAQ, hours, the parked second request, withdrawal, rating and reopening run on every Zalo mode in test/channels/scenarios.
  it("refuses a withdraw button for someone else's request number", async () => {
    h = await zaloHarness();
    await h.press("withdraw:2", OTHER);
    expect(h.last(OTHER)).toBe("Không thực hiện được với yêu cầu #2: không tìm thấy yêu cầu.");
  });
});
