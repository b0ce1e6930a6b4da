import { afterEach, describe, expect, it } from "vitest";
import type { SenderFields } from "../../fixtures/telegram-updates.js";
import { fillForm, type TelegramHarness, telegramHarness } from "./harness.js";

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

const HOUR = 3_600_000;
const en: SenderFields = { languageCode: "en" };

/** Opens request #number through the Telegram dialog: an approval category when `approval`, else a technical one. */
async function openRequest(harness: TelegramHarness, approval: boolean, fields: SenderFields = {}) {
  await fillForm(
    harness,
    approval
      ? { category: "contract_liquidation", description: ["Xin thanh lý hợp đồng hosting"], name: "Lê Chi", contact: "0281234567" }
      : { category: "hosting_domain", description: ["SSL hết hạn"], name: "Võ Hà", contact: "0912345678" },
    fields,
  );
  await harness.press("in:confirm", fields);
  harness.since();
  return harness.db.prisma.ticket.findFirstOrThrow({ orderBy: { number: "desc" } });
}

const staffMembers = async (harness: TelegramHarness) => ({
  care: await harness.db.prisma.staff.create({ data: { name: "cs1", login: "cs1", departments: ["customer_care"] } }),
  tech: await harness.db.prisma.staff.create({ data: { name: "kt1", login: "kt1", departments: ["technical"] } }),
});

describe("R1.5 the customer is told through Telegram when staff approve, reject, reroute or hand back", () => {
  it("in Vietnamese: approved, rerouted (with the department), handed back", async () => {
    h = await telegramHarness();
    const { care, tech } = await staffMembers(h);
    const ticket = await openRequest(h, true);

    expect((await h.app.tickets.approve(care.id, ticket.id)).ok).toBe(true);
    await h.settle();
    expect(h.since()).toBe("Yêu cầu #1 đã được phê duyệt và đưa vào hàng chờ xử lý.");

    expect((await h.app.tickets.reroute(care.id, ticket.id, "technical", "Cần kỹ thuật kiểm tra")).ok).toBe(true);
    await h.settle();
    expect(h.since()).toBe("Yêu cầu #1 đã được chuyển đến Phòng kỹ thuật, giữ nguyên thứ tự và thời hạn.");

    expect((await h.app.tickets.claim(tech.id, ticket.id)).ok).toBe(true);
    expect((await h.app.tickets.handBack(tech.id, ticket.id, "Không thuộc kỹ thuật")).ok).toBe(true);
    await h.settle();
    expect(h.since()).toBe(
      [
        "Yêu cầu #1 của quý khách đã được nhân viên tiếp nhận và đang được xử lý.",
        "Yêu cầu #1 đã được chuyển về Phòng Chăm sóc khách hàng để phân loại lại, giữ nguyên thứ tự và thời hạn.",
      ].join("\n---\n"),
    );
  });

  it("in English: approved and rerouted name the department in English", async () => {
    h = await telegramHarness();
    const { care } = await staffMembers(h);
    const ticket = await openRequest(h, true, en);
    expect((await h.app.tickets.approve(care.id, ticket.id)).ok).toBe(true);
    expect((await h.app.tickets.reroute(care.id, ticket.id, "technical", "Needs technical")).ok).toBe(true);
    await h.settle();
    expect(h.since()).toBe(
      [
        "Your request #1 has been approved and entered the queue.",
        "Your request #1 was moved to Technical, keeping its place in line and its deadline.",
      ].join("\n---\n"),
    );
  });

  it("R3.5 a rejection starts with the greeting and carries the written reason, in Vietnamese and English", async () => {
    h = await telegramHarness();
    const { care } = await staffMembers(h);
    const vi = await openRequest(h, true);
    expect((await h.app.tickets.reject(care.id, vi.id, "Hợp đồng còn hiệu lực đến 2027.")).ok).toBe(true);
    await h.settle();
    expect(h.since()).toBe(
      ["Yêu cầu #1 không được phê duyệt. Lý do ở tin nhắn sau.", "Kính thưa quý khách,\nHợp đồng còn hiệu lực đến 2027."].join("\n---\n"),
    );

    const english = { ...en, userId: 222, chatId: 222 };
    const enTicket = await openRequest(h, true, english);
    expect((await h.app.tickets.reject(care.id, enTicket.id, "The contract runs until 2027.")).ok).toBe(true);
    await h.settle();
    expect(h.texts(222).slice(-2)).toEqual([
      "Your request #2 was not approved. The reason follows.",
      "Dear valued customer,\nThe contract runs until 2027.",
    ]);

    // The reply is stored exactly as the customer received it (R3.5).
    const stored = await h.db.prisma.message.findMany({ where: { direction: "out" }, orderBy: { seq: "asc" } });
    expect(stored.map((m) => m.text)).toEqual([h.texts().at(-1), h.texts(222).at(-1)]);
  });
});

describe("R2.4 the customer is told through Telegram when the deadline passes", () => {
  it("after 168 h, once, in the ticket's language", async () => {
    h = await telegramHarness();
    await openRequest(h, false);
    await openRequest(h, false, { ...en, userId: 222, chatId: 222 });
    h.clock.advance(167 * HOUR);
    await h.app.tickets.watchDeadlines();
    await h.settle();
    expect(h.since()).toBe("");

    h.clock.advance(1 * HOUR + 1000);
    expect((await h.app.tickets.watchDeadlines()).breached).toBe(2);
    await h.settle();
    expect(h.since()).toBe(
      "Chúng tôi rất tiếc: yêu cầu #1 đã quá thời hạn xử lý. Phòng Chăm sóc khách hàng đã được báo để ưu tiên theo dõi.",
    );
    expect(h.texts(222).at(-1)).toBe(
      "We are sorry: request #2 has passed its resolution deadline. Customer care has been told to follow it closely.",
    );
    h.clock.advance(HOUR);
    expect((await h.app.tickets.watchDeadlines()).breached).toBe(0);
    await h.settle();
    expect(h.since()).toBe("");
  });
});
