import { afterEach, describe, expect, it } from "vitest";
import { USER, type ZaloHarness, zaloHarness } from "./harness.js";

let h: ZaloHarness | undefined;
afterEach(async () => {
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

const OTHER = "6150000000000000999";

/** The form from a category to the summary by taps, the contact details by Zalo's contact form. */
async function fillByTaps(harness: ZaloHarness, category: string, description: string, userId = USER) {
  await harness.press("menu:new", userId);
  await harness.press(`cat:${category}`, userId);
  await harness.say(description, userId);
  await harness.say("xong", userId);
  // Decree 13/2023: consent before contact details (asked once per customer and notice version).
  if (harness.buttonsOfLast(userId).includes("in:consent_yes")) await harness.press("in:consent_yes", userId);
  await harness.submitInfo({ name: "Nguyễn Văn An", phone: "0903123456", address: "12 Lê Lợi" }, userId);
  await harness.press("in:skip", userId);
}

/** A staff member claims, answers in writing and resolves request #number. */
async function resolveByStaff(harness: ZaloHarness, number: number) {
  const staff = await harness.db.prisma.staff.create({ data: { name: "kt1", login: "kt1", departments: ["technical"] } });
  const ticket = await harness.db.prisma.ticket.findUniqueOrThrow({ where: { number } });
  expect((await harness.app.tickets.claim(staff.id, ticket.id)).ok).toBe(true);
  expect((await harness.app.tickets.reply(staff.id, ticket.id, "Chúng tôi đã gia hạn chứng chỉ SSL.")).ok).toBe(true);
  await harness.settle();
  expect((await harness.app.tickets.resolve(staff.id, ticket.id, "Đã xử lý xong.")).ok).toBe(true);
  await harness.settle();
}

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

describe("FAQ, hours, status, parked second request, withdraw, rating and reopen on Zalo", () => {
  it("answers the FAQ and the hours", async () => {
    h = await zaloHarness();
    await h.say("lam sao tro ten mien ve hosting");
    expect(h.since()).toContain("Làm sao trỏ tên miền về hosting?");
    expect(h.buttonsOfLast()).toEqual(["faq:yes", "faq:new"]);
    await h.press("faq:yes");
    expect(h.last()).toBe("Cảm ơn quý khách đã góp ý.");
    await h.press("menu:hours");
    expect(h.last()).toContain("Phòng kỹ thuật: đang làm việc");
  });

  it("parks a second request, lists both, withdraws the first and releases the second", async () => {
    h = await zaloHarness();
    await fillByTaps(h, "hosting_domain", "Trỏ tên miền không được");
    await h.press("in:confirm");
    await fillByTaps(h, "price_quote", "Báo giá VPS");
    await h.press("in:confirm");
    expect(h.since()).toContain("sẽ được xử lý sau yêu cầu #1 của quý khách");
    await h.press("menu:status");
    expect(h.last()).toContain("#2 Báo giá sản phẩm dịch vụ: chờ yêu cầu trước");
    expect(h.buttonsOfLast()).toEqual(["withdraw:2", "withdraw:1"]);
    await h.press("withdraw:1");
    expect(h.last()).toContain("chắc chắn muốn hủy yêu cầu #1");
    expect(h.buttonsOfLast()).toEqual(["withdraw:1:yes", "withdraw:1:no"]);
    await h.press("withdraw:1:yes");
    const told = h.since();
    expect(told).toContain("Yêu cầu #1 đã được hủy theo đề nghị của quý khách.");
    expect(told).toContain("Yêu cầu #2 của quý khách đã được đưa vào hàng chờ xử lý.");
    await h.press("withdraw:2", OTHER);
    expect(h.last(OTHER)).toBe("Không thực hiện được với yêu cầu #2: không tìm thấy yêu cầu.");
  });

  it("asks for a rating after resolve with star buttons, stores it once, then reopens", async () => {
    h = await zaloHarness();
    await fillByTaps(h, "hosting_domain", "SSL hết hạn");
    await h.press("in:confirm");
    await resolveByStaff(h, 1);
    expect(h.since()).toContain("Chúng tôi đã gia hạn chứng chỉ SSL.");
    expect(h.buttonsOfLast()).toEqual(["rate:1:1", "rate:1:2", "rate:1:3", "rate:1:4", "rate:1:5"]);
    await h.press("rate:1:5");
    expect(h.last()).toBe("Cảm ơn quý khách đã đánh giá 5 sao cho yêu cầu #1.");
    await h.say("/status");
    expect(h.buttonsOfLast()).toEqual(["reopen:1"]);
    await h.press("reopen:1");
    expect(h.last()).toBe("Yêu cầu #1 đã được mở lại và xếp ở đầu hàng chờ.");
  });
});
