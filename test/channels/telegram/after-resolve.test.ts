import { afterEach, describe, expect, it } from "vitest";
import { fillForm, type TelegramHarness, telegramHarness } from "./harness.js";

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

const form = { category: "hosting_domain", description: ["SSL hết hạn"], name: "Võ Hà", contact: "0912345678" };

/** A staff member claims, answers in writing (delivered), and resolves request #number. */
async function resolveByStaff(harness: TelegramHarness, number: number) {
  const staff = await harness.db.prisma.staff.create({ data: { name: "kt1", login: "kt1", departments: ["technical"] } });
  const ticket = await harness.db.prisma.ticket.findUniqueOrThrow({ where: { number } });
  expect((await harness.app.tickets.claim(staff.id, ticket.id)).ok).toBe(true);
  expect((await harness.app.tickets.reply(staff.id, ticket.id, "Chúng tôi đã gia hạn chứng chỉ SSL.")).ok).toBe(true);
  await harness.settle();
  const resolved = await harness.app.tickets.resolve(staff.id, ticket.id, "Đã xử lý xong.");
  expect(resolved.ok).toBe(true);
  await harness.settle();
}

describe("R4.2 rating after resolve, R3.5 greeting, reopen and withdraw", () => {
  it("tells the customer about the claim and the reply (with the greeting), asks for a rating, stores it once", async () => {
    h = await telegramHarness();
    await fillForm(h, form);
    await h.press("in:confirm");
    h.since();
    await resolveByStaff(h, 1);
    const told = h.since();
    expect(told).toContain("Yêu cầu #1 của quý khách đã được nhân viên tiếp nhận");
    expect(told).toContain("Kính thưa quý khách");
    expect(told).toContain("Chúng tôi đã gia hạn chứng chỉ SSL.");
    expect(h.last()).toContain("Yêu cầu #1 đã được xử lý xong. Quý khách vui lòng đánh giá");
    expect(h.buttonsOfLast()).toEqual(["rate:1:1", "rate:1:2", "rate:1:3", "rate:1:4", "rate:1:5"]);
    await h.press("rate:1:5");
    expect(h.last()).toBe("Cảm ơn quý khách đã đánh giá 5 sao cho yêu cầu #1.");
    await h.press("rate:1:2");
    expect(h.last()).toBe("Yêu cầu #1 đã được đánh giá trước đó. Cảm ơn quý khách.");
    expect(await h.db.prisma.rating.findMany({ select: { stars: true } })).toEqual([{ stars: 5 }]);
  });

  it("reopens a resolved request from the status list", async () => {
    h = await telegramHarness();
    await fillForm(h, form);
    await h.press("in:confirm");
    await resolveByStaff(h, 1);
    await h.say("/status");
    expect(h.last()).toContain("#1 Cấu hình hosting, tên miền: đã xử lý xong");
    expect(h.buttonsOfLast()).toEqual(["reopen:1"]);
    await h.press("reopen:1");
    expect(h.last()).toBe("Yêu cầu #1 đã được mở lại và xếp ở đầu hàng chờ.");
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { number: 1 } })).status).toBe("ready");
    await h.press("reopen:1");
    expect(h.last()).toBe("Không thực hiện được với yêu cầu #1: trạng thái hiện tại không cho phép.");
  });

  it("withdraws an open request; the parked one is released (R2.5); someone else's number is refused", async () => {
    h = await telegramHarness();
    await fillForm(h, form);
    await h.press("in:confirm");
    await fillForm(h, { ...form, category: "price_quote", description: ["Báo giá"] });
    await h.press("in:confirm");
    h.since();
    await h.press("withdraw:1");
    await h.press("withdraw:1:yes");
    const told = h.since();
    expect(told).toContain("Yêu cầu #1 đã được hủy theo đề nghị của quý khách.");
    expect(told).toContain("Yêu cầu #2 của quý khách đã được đưa vào hàng chờ xử lý.");
    // Someone else's number is refused at the first tap, and at a forged confirmation.
    await h.press("withdraw:2", { userId: 333, chatId: 333 });
    expect(h.last(333)).toBe("Không thực hiện được với yêu cầu #2: không tìm thấy yêu cầu.");
    await h.press("withdraw:2:yes", { userId: 333, chatId: 333 });
    expect(h.last(333)).toBe("Không thực hiện được với yêu cầu #2: không tìm thấy yêu cầu.");
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { number: 2 } })).status).toBe("ready");
  });

  it('withdraw asks first: the tap only asks, "không" keeps the request, a typed "có" withdraws it', async () => {
    const harness = await telegramHarness();
    h = harness;
    await fillForm(h, form);
    await h.press("in:confirm");
    const status = async () => (await harness.db.prisma.ticket.findUniqueOrThrow({ where: { number: 1 } })).status;
    await h.say("/status");
    h.since();

    await h.press("withdraw:1");
    expect(h.last()).toBe("Quý khách chắc chắn muốn hủy yêu cầu #1? Yêu cầu đã hủy sẽ không được xử lý tiếp.");
    expect(h.buttonsOfLast()).toEqual(["withdraw:1:yes", "withdraw:1:no"]);
    expect(await status()).toBe("ready");
    await h.say("Không");
    expect(h.last()).toBe("Yêu cầu #1 vẫn được giữ nguyên, chúng tôi tiếp tục xử lý.");
    expect(await status()).toBe("ready");
    // "có" means nothing once the question is answered: it goes to the open request as a message.
    await h.say("có");
    expect(await status()).toBe("ready");

    await h.say("/status");
    await h.press("withdraw:1");
    h.since();
    await h.say("Có");
    expect(h.since()).toContain("Yêu cầu #1 đã được hủy theo đề nghị của quý khách.");
    expect(await status()).toBe("withdrawn");
  });

  it("sends the customer's messages to the open request, where staff see them", async () => {
    h = await telegramHarness();
    await fillForm(h, form);
    await h.press("in:confirm");
    await h.say("Tôi gửi thêm: lỗi xuất hiện trên cả www");
    expect(h.last()).toBe("Chúng tôi đã thêm tin nhắn của quý khách vào yêu cầu #1; nhân viên xử lý sẽ xem được.");
    const messages = await h.db.prisma.message.findMany({ where: { direction: "in" }, orderBy: { seq: "asc" } });
    expect(messages.map((m) => m.text)).toEqual(["SSL hết hạn", "Tôi gửi thêm: lỗi xuất hiện trên cả www"]);
  });

  it("R2.5 once the request is resolved, the customer's text attaches to no request: it is a question again", async () => {
    h = await telegramHarness();
    await fillForm(h, form);
    await h.press("in:confirm");
    await resolveByStaff(h, 1);
    h.since();
    await h.say("làm sao trỏ tên miền về hosting?");
    const answer = h.since();
    expect(answer).toContain("nameserver");
    expect(answer).not.toContain("đã thêm tin nhắn");
    const messages = await h.db.prisma.message.findMany({ where: { direction: "in" }, orderBy: { seq: "asc" } });
    expect(messages.map((m) => m.text)).toEqual(["SSL hết hạn"]);
  });
});
