import { afterEach, describe, expect, it } from "vitest";
import { fillForm, type TelegramHarness, telegramHarness } from "./harness.js";

let h: TelegramHarness | undefined;
let extra: TelegramHarness | undefined;
afterEach(async () => {
  await h?.standin.close();
  await extra?.app.server.close();
  await h?.app.stop();
  h = undefined;
  extra = undefined;
});

const form = { category: "hosting_domain", description: ["Trỏ tên miền không được"], name: "Phạm Dũng", contact: "dung@congty.vn" };

describe("a dialog survives a restart", () => {
  it("resumes the form after a restart on the same database, and a button from before the restart still works", async () => {
    h = await telegramHarness();
    await h.press("menu:new");
    await h.press("cat:hosting_domain");
    await h.say("Hosting của tôi rất chậm");
    await h.app.server.close();
    // A new process: a new app on the same database, the same Telegram.
    extra = await telegramHarness({ db: h.db, standin: h.standin, clock: h.clock, firstUpdateId: 600_000 });
    await extra.press("in:done"); // the Done button of a message sent before the restart
    await extra.press("in:consent_yes");
    expect(extra.last()).toContain("Quý khách vui lòng cho biết họ tên.");
    await extra.say("Phạm Dũng");
    await extra.say("dung@congty.vn");
    await extra.press("in:skip");
    await extra.press("in:confirm");
    expect(extra.last()).toContain("Yêu cầu #1 đã được tiếp nhận");
    expect((await h.db.prisma.ticket.findFirstOrThrow()).description).toBe("Hosting của tôi rất chậm");
  });
});

describe("R2.5 a second request while the first is open", () => {
  it("is parked behind the first, with the chain estimate", async () => {
    h = await telegramHarness();
    await fillForm(h, form);
    await h.press("in:confirm");
    await fillForm(h, { ...form, category: "price_quote", description: ["Báo giá VPS"] });
    await h.press("in:confirm");
    const answer = h.since();
    expect(answer).toContain("Yêu cầu #2 đã được tiếp nhận và chuyển đến Phòng kinh doanh.");
    // #1 is due 7 days after 09:00 25/11; the next starts within 24 h after that (R2.4, R2.5).
    expect(answer).toContain("sẽ được xử lý sau yêu cầu #1 của quý khách, chậm nhất bắt đầu trước 09:00 thứ năm, 03/12/2026.");
    await h.say("/status");
    const status = h.last();
    expect(status).toContain("#2 Báo giá sản phẩm dịch vụ: chờ yêu cầu trước");
    expect(status).toContain("#1 Cấu hình hosting, tên miền: trong hàng chờ");
    expect(h.buttonsOfLast()).toEqual(["withdraw:2", "withdraw:1"]);
  });
});

describe("R2.2, R2.6 support hours answered from the calendar", () => {
  const ask = async (now: string, question: string) => {
    h = await telegramHarness({ now });
    await h.say(question);
    return h.last();
  };

  it("at 12:15 on a weekday: Sales at lunch until 13:30, Technical on duty", async () => {
    const answer = await ask("2026-11-25T05:15:00Z", "Mấy giờ bên bạn làm việc?");
    expect(answer).toContain("Phòng kinh doanh: đang nghỉ trưa, làm việc lại lúc 13:30 thứ tư, 25/11/2026.");
    expect(answer).toContain("Phòng kỹ thuật: đang làm việc");
  });

  it("at 23:00 on a weekday: Sales closed until 08:00, Technical on duty (typed without diacritics)", async () => {
    const answer = await ask("2026-11-25T16:00:00Z", "gio lam viec");
    expect(answer).toContain("Phòng kinh doanh: ngoài giờ làm việc, làm việc lại lúc 08:00 thứ năm, 26/11/2026.");
    expect(answer).toContain("Phòng kỹ thuật: đang làm việc");
  });

  it("on a Sunday: everyone closed for the weekend until Monday", async () => {
    const answer = await ask("2026-11-29T03:00:00Z", "còn làm không");
    expect(answer).toContain("Phòng kinh doanh: nghỉ cuối tuần, làm việc lại lúc 08:00 thứ hai, 30/11/2026.");
    expect(answer).toContain("Phòng kỹ thuật: nghỉ cuối tuần, làm việc lại lúc 00:00 thứ hai, 30/11/2026.");
  });

  it("during Tết 2026: only general-duty staff, in Vietnamese and in English", async () => {
    const answer = await ask("2026-02-17T03:00:00Z", "Tết có làm việc không?");
    expect(answer).toContain("Hôm nay là Tết Nguyên đán: theo quy định, chỉ có nhân viên trực chung làm việc");
    await h?.say("when are you open?", { userId: 222, chatId: 222, languageCode: "en" });
    const english = h?.last(222) ?? "";
    expect(english).toContain("Today is Lunar New Year: as our policy says, only general-duty staff are working");
    expect(english).toContain("Sales: closed for the holiday, opens at 08:00, Monday 23/02/2026.");
  });
});

describe("R3.4 a customer asking for a phone call", () => {
  it("gets the written-only explanation", async () => {
    h = await telegramHarness();
    await h.say("Cho tôi xin số điện thoại của bên bạn, gọi lại cho tôi nhé");
    expect(h.last()).toContain("chúng tôi chỉ hỗ trợ bằng văn bản");
  });
});

describe("R2.1 FAQ and documentation", () => {
  it("finds the entry for a question typed without accents, links the documentation, then prefills a request", async () => {
    h = await telegramHarness();
    await h.say("lam sao tro ten mien ve hosting");
    const answer = h.last();
    expect(answer).toContain("Làm sao trỏ tên miền về hosting?");
    expect(answer).toContain("Xem chi tiết: http://huongdansudungweb.com");
    expect(answer).toContain("Câu trả lời này có giúp được quý khách không?");
    expect(h.buttonsOfLast()).toEqual(["faq:yes", "faq:new"]);
    await h.press("faq:new");
    // Prefilled with the question and its suggested category (hosting and domains).
    const prefilled = h.since();
    expect(prefilled).toContain("Loại yêu cầu: Cấu hình hosting, tên miền.");
    expect(prefilled).toContain('Nội dung đã có: "lam sao tro ten mien ve hosting"');
  });

  it("thanks for a yes, and offers the documentation when nothing fits", async () => {
    h = await telegramHarness({});
    await h.press("menu:faq");
    await h.say("gia han ten mien");
    expect(h.last()).toContain("Làm sao để gia hạn tên miền?");
    await h.press("faq:yes");
    expect(h.last()).toBe("Cảm ơn quý khách đã góp ý.");
    await h.say("thời tiết hôm nay thế nào");
    expect(h.last()).toContain("Chúng tôi chưa tìm thấy câu trả lời phù hợp");
  });
});

describe("R1.7 the guides", () => {
  it("answers support terms, how to send and how to respond with the policy's texts, in the customer's language", async () => {
    h = await telegramHarness();
    const { help } = h.policy;
    await h.press("menu:help");
    for (const [button, text] of [
      ["help:terms", help.terms.vi],
      ["help:send", help.howToSend.vi],
      ["help:respond", help.howToRespond.vi],
    ] as const) {
      await h.press(button);
      expect(h.since()).toContain(text.trim().split("\n")[0]);
    }
  });
});
