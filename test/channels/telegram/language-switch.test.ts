import { afterEach, describe, expect, it } from "vitest";
import { CHAT, fillForm, type TelegramHarness, telegramHarness } from "./harness.js";

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

const languageOfCustomer = async (harness: TelegramHarness) =>
  (await harness.db.prisma.customerIdentity.findFirstOrThrow({ where: { externalId: String(CHAT) }, include: { customer: true } })).customer
    .language;

describe("language switch: /lang and the lang:vi / lang:en buttons, kept in the customer's profile", () => {
  it("switches by button; later answers stay in the chosen language even though Telegram still says vi", async () => {
    h = await telegramHarness();
    await h.say("/lang");
    h.since(); // the first contact's personal-data notice, then the question
    expect(h.last()).toBe("Quý khách vui lòng chọn ngôn ngữ.");
    expect(h.buttonsOfLast()).toEqual(["lang:vi", "lang:en"]);
    await h.press("lang:en");
    expect(h.since()).toContain("Switched to English.");
    expect(h.buttonsOfLast()).toContain("menu:new");
    expect(await languageOfCustomer(h)).toBe("en");

    await h.say("cảm ơn"); // the updates still carry language_code "vi": the profile wins
    expect(h.since()).toBe("You are welcome, glad to help.");
    await h.press("lang:vi");
    expect(h.since()).toContain("Đã chuyển sang tiếng Việt.");
    await h.say("cảm ơn");
    expect(h.since()).toBe("Rất vui được hỗ trợ quý khách.");
    expect(await languageOfCustomer(h)).toBe("vi");
  });

  it("keeps the choice across a restart of the server (same database)", async () => {
    h = await telegramHarness();
    await h.say("/lang en");
    expect(h.since()).toContain("Switched to English.");
    const { db, standin, clock } = h;
    await h.app.server.close();
    // A new process: a new app on the same database, the same Telegram.
    h = await telegramHarness({ db, standin, clock, firstUpdateId: 900_000 });
    await h.say("thanks");
    expect(h.last()).toBe("You are welcome, glad to help.");
  });

  it("R3.5 notices and replies of an open ticket follow the switch, greeting included", async () => {
    h = await telegramHarness();
    await fillForm(h, { category: "hosting_domain", description: ["SSL hết hạn"], name: "Võ Hà", contact: "0912345678" });
    await h.press("in:confirm");
    expect(h.since()).toContain("Yêu cầu #1 đã được tiếp nhận");

    await h.say("/lang en");
    const tech = await h.db.prisma.staff.create({ data: { name: "kt1", login: "kt1", departments: ["technical"] } });
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({ where: { number: 1 } });
    expect(ticket.language).toBe("en");
    h.since();
    expect((await h.app.tickets.claim(tech.id, ticket.id)).ok).toBe(true);
    expect((await h.app.tickets.reply(tech.id, ticket.id, "We renewed the SSL certificate.")).ok).toBe(true);
    await h.settle();
    expect(h.since()).toBe(
      ["A staff member has taken your request #1 and is working on it.", "Dear valued customer,\nWe renewed the SSL certificate."].join(
        "\n---\n",
      ),
    );

    await h.press("lang:vi");
    h.since();
    expect((await h.app.tickets.reply(tech.id, ticket.id, "Quý khách kiểm tra lại giúp.")).ok).toBe(true);
    await h.settle();
    expect(h.since()).toBe("Kính thưa quý khách,\nQuý khách kiểm tra lại giúp.");
  });
});
