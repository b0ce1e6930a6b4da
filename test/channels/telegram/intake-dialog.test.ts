import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { photoUpdate } from "../../fixtures/telegram-updates.js";
import { CHAT, fillForm, type TelegramHarness, telegramHarness } from "./harness.js";

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

describe("R1.1 intake form through the Telegram webhook", () => {
  it("takes a request in Vietnamese with diacritics, a photo included, and gives number, department and estimate (R1.3, R2.2)", async () => {
    h = await telegramHarness();
    await h.say("/start");
    expect(h.since()).toContain("Xin chào Ana!");
    expect(h.buttonsOfLast()).toEqual(["menu:new", "menu:faq", "menu:hours", "menu:status", "menu:help", "menu:lang"]);

    await h.press("menu:new");
    expect(h.last()).toContain("Quý khách cần hỗ trợ về vấn đề gì?");
    expect(h.buttonsOfLast()).toContain("cat:hosting_domain");
    await h.press("cat:hosting_domain");
    expect(h.last()).toContain("Loại yêu cầu: Cấu hình hosting, tên miền.");
    await h.say("Website congty.vn của tôi báo lỗi 500 từ sáng nay");
    h.standin.addFile("photo-1", Buffer.from("PNGDATA"), "photos/file_1.jpg");
    await h.post(photoUpdate({ updateId: h.nextId(), fileId: "photo-1", caption: "Ảnh chụp màn hình" }));
    expect(h.last()).toContain("Đã nhận tệp photo-1365.jpg.");
    await h.say("Xong");
    expect(h.last()).toContain("Quý khách có đồng ý để chúng tôi lưu tên và thông tin liên hệ");
    await h.press("in:consent_yes");
    expect(h.last()).toContain("họ tên");
    await h.say("Nguyễn Văn An");
    await h.say("0903 123 456");
    expect(h.last()).toContain("Website hoặc tên miền");
    await h.say("https://www.congty.vn/lien-he");
    h.since();
    expect(h.last()).toContain("• Liên hệ: 0903123456");
    expect(h.last()).toContain("• Website: www.congty.vn");
    expect(h.last()).toContain("• Tệp đính kèm: photo-1365.jpg");
    await h.press("in:confirm");
    const answer = h.since();
    expect(answer).toContain("Yêu cầu #1 đã được tiếp nhận và chuyển đến Phòng kỹ thuật.");
    expect(answer).toContain("Phòng kỹ thuật đang làm việc; yêu cầu của quý khách đứng thứ 1 trong hàng chờ.");
    expect(answer).toContain("Thời hạn xử lý chậm nhất: thứ tư, 02/12/2026 09:00.");
    // R3.3: the customer's ticket page, where every written reply stays readable.
    expect(answer).toMatch(/Theo dõi yêu cầu và đọc mọi phản hồi bằng văn bản tại: http:\/\/localhost:\d+\/t\/1-[A-Za-z0-9_-]{32}$/m);

    const ticket = await h.db.prisma.ticket.findFirstOrThrow({ include: { messages: true } });
    expect(ticket).toMatchObject({
      number: 1,
      categoryId: "hosting_domain",
      departmentId: "technical",
      status: "ready",
      channel: "telegram",
      chatId: String(CHAT),
    });
    expect(ticket.contact).toEqual({ name: "Nguyễn Văn An", phone: "0903123456", website: "www.congty.vn" });
    expect(ticket.description).toBe("Website congty.vn của tôi báo lỗi 500 từ sáng nay\n\nẢnh chụp màn hình");
    const attachments = ticket.messages[0]?.attachments as { key: string; name: string; size: number }[];
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ name: "photo-1365.jpg", size: 7 });
    expect(existsSync(path.join(h.dataDir, "files", attachments[0]?.key ?? "missing"))).toBe(true);
    // The token-bearing file URL is stored nowhere.
    expect(JSON.stringify(ticket)).not.toContain(h.standin.token);
  });

  it("understands a request typed without diacritics, with numbered answers, and a Sales estimate at lunch (R2.2)", async () => {
    h = await telegramHarness({ now: "2026-11-25T05:15:00Z" }); // 12:15 Wednesday
    await h.say("toi muon gui yeu cau ho tro");
    expect(h.last()).toContain("Quý khách cần hỗ trợ về vấn đề gì?");
    await h.say("3"); // the third category: email accounts
    expect(h.last()).toContain("Loại yêu cầu: Tài khoản email.");
    await h.say("khong gui duoc mail tu outlook");
    await h.say("xong");
    await h.say("1"); // I agree: contact details may be kept
    await h.say("Nguyen Van An");
    await h.say("an.nguyen@congty.vn");
    await h.say("1"); // Skip the website
    expect(h.last()).toContain("• Website: —");
    await h.say("1"); // Confirm
    const answer = h.since();
    expect(answer).toContain("Yêu cầu #1 đã được tiếp nhận và chuyển đến Phòng kinh doanh.");
    expect(answer).toContain("Phòng kinh doanh hiện đang nghỉ và sẽ làm việc lại vào thứ tư, 25/11/2026 13:30");
    const ticket = await h.db.prisma.ticket.findFirstOrThrow();
    expect(ticket.contact).toEqual({ name: "Nguyen Van An", email: "an.nguyen@congty.vn" });
  });

  it("speaks English from language_code and asks the web-interface question (R1.4)", async () => {
    h = await telegramHarness();
    const en = { languageCode: "en-US" };
    await h.say("/new", en);
    expect(h.last()).toContain("What do you need help with?");
    await h.press("cat:web_interface", en);
    expect(h.last()).toContain("Do you need a new design or look");
    expect(h.buttonsOfLast()).toEqual(["ans:web_interface:new_design", "ans:web_interface:existing_site", "in:cancel"]);
    await h.press("ans:web_interface:existing_site", en);
    await h.say("The menu of our shop is broken on phones", en);
    await h.press("in:done", en);
    await h.press("in:consent_yes", en);
    await h.say("Ana Silva", en);
    await h.say("+84 903 123 456", en);
    await h.say("shop.example.com", en);
    expect(h.last()).toContain("• Type: Website interface (Coding or fixing an existing site's interface)");
    await h.press("in:confirm", en);
    expect(h.since()).toContain("Request #1 has been received and sent to Technical.");
    const ticket = await h.db.prisma.ticket.findFirstOrThrow();
    expect(ticket).toMatchObject({
      departmentId: "technical",
      language: "en",
      contact: { name: "Ana Silva", phone: "0903123456", website: "shop.example.com" },
    });
  });

  it("refuses an invalid phone and email, then accepts a valid one", async () => {
    h = await telegramHarness();
    await h.press("cat:other");
    await h.say("Một vấn đề khác");
    await h.say("xong");
    await h.say("đồng ý");
    await h.say("An");
    await h.say("12345");
    expect(h.last()).toContain("Số điện thoại hoặc email chưa đúng.");
    await h.say("an@congty");
    expect(h.last()).toContain("Số điện thoại hoặc email chưa đúng.");
    await h.say("090.312.3456");
    expect(h.last()).toContain("Website hoặc tên miền");
  });

  it("cancels midway: nothing is created and the menu comes back", async () => {
    h = await telegramHarness();
    await h.press("menu:new");
    await h.press("cat:price_quote");
    await h.say("Tôi cần báo giá hosting");
    await h.say("huỷ");
    expect(h.since()).toContain("Đã hủy yêu cầu đang soạn.");
    expect(h.buttonsOfLast()).toContain("menu:new");
    expect(await h.db.prisma.ticket.count()).toBe(0);
    // A button of the cancelled form has expired.
    await h.press("in:confirm");
    expect(h.since()).toContain("Lựa chọn này đã hết hiệu lực.");
  });

  it("edits a field from the summary and returns to the summary", async () => {
    h = await telegramHarness();
    await fillForm(h, { category: "custom_design", description: ["Thiết kế logo mới"], name: "Trần Bình", contact: "binh@old.vn" });
    expect(h.last()).toContain("binh@old.vn");
    await h.press("in:edit");
    expect(h.buttonsOfLast()).toEqual(["edit:category", "edit:description", "edit:name", "edit:contact", "edit:website", "in:cancel"]);
    await h.press("edit:contact");
    await h.say("binh@new.vn");
    expect(h.last()).toContain("• Liên hệ: binh@new.vn");
    await h.press("in:edit");
    await h.press("edit:category");
    await h.press("cat:price_quote");
    expect(h.last()).toContain("• Loại: Báo giá sản phẩm dịch vụ");
    await h.press("in:confirm");
    const ticket = await h.db.prisma.ticket.findFirstOrThrow();
    expect(ticket).toMatchObject({
      categoryId: "price_quote",
      departmentId: "sales",
      contact: { name: "Trần Bình", email: "binh@new.vn" },
    });
  });

  it("says an approval category awaits Customer care's approval (R1.5)", async () => {
    h = await telegramHarness();
    await fillForm(h, {
      category: "contract_liquidation",
      description: ["Xin thanh lý hợp đồng hosting"],
      name: "Lê Chi",
      contact: "0281234567",
    });
    await h.press("in:confirm");
    expect(h.since()).toContain("cần Phòng Chăm sóc khách hàng phê duyệt");
    expect((await h.db.prisma.ticket.findFirstOrThrow()).status).toBe("awaiting_approval");
  });
});
