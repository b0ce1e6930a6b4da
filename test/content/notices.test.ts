import { afterEach, describe, expect, it } from "vitest";
import { type TelegramHarness, telegramHarness } from "../channels/telegram/harness.js";
import { careAdmin } from "./care-admin.js";

const outage = {
  vi: "Máy chủ email đang gặp sự cố từ 09:00, dự kiến khắc phục trước 11:00",
  en: "The email server has had a problem since 09:00; expected to be fixed by 11:00",
};
const OTHER = { chatId: 222222222, userId: 222222222, firstName: "Bình" };
const HOUR = 3600_000;

/** A service notice is shown by the conversation engine when a customer chooses one of its categories. */
describe("service notices", () => {
  let h: TelegramHarness;
  afterEach(async () => {
    await h.standin.close();
    await h.app.stop();
  });

  it("a notice limited to email shows to a customer choosing an email category, not to one choosing domains, and ends on time", async () => {
    h = await telegramHarness(); // 09:00 in Hanoi
    const admin = await careAdmin(h.app);
    const endsAt = new Date(h.clock.now().getTime() + 2 * HOUR).toISOString();
    const posted = await admin.post("/console/api/content/notices", { text: outage, categories: ["email_accounts"], endsAt });
    expect(posted.statusCode).toBe(200);

    // Shown before the request, which can still be opened.
    await h.press("cat:email_accounts");
    const shown = h.since();
    expect(shown).toContain(outage.vi);
    for (const line of ["Không gửi được mail", "xong"]) await h.say(line);
    // Decree 13/2023: consent before contact details.
    await h.press("in:consent_yes");
    for (const line of ["Nguyễn An", "0903123456"]) await h.say(line);
    await h.press("in:skip");
    await h.press("in:confirm");
    expect(await h.db.prisma.ticket.count({ where: { categoryId: "email_accounts" } })).toBe(1);

    // Domains: not concerned.
    await h.press("cat:hosting_domain", OTHER);
    expect(h.texts(OTHER.chatId).join("\n")).not.toContain(outage.vi);

    // The console lists it while it runs.
    const listed = (await admin.get("/console/api/notices")).json() as { notices: { text: string }[] };
    expect(listed.notices.map((n) => n.text)).toEqual([outage.en]);

    // At its end time it is gone, with no one touching it.
    h.clock.advance(2 * HOUR);
    h.since();
    await h.press("cat:email_accounts", OTHER);
    expect(h.texts(OTHER.chatId).join("\n")).not.toContain(outage.vi);
    expect(((await admin.get("/console/api/notices")).json() as { notices: unknown[] }).notices).toEqual([]);
  });

  it("a notice for every category shows for any choice until withdrawn; the withdrawal is recorded", async () => {
    h = await telegramHarness();
    const admin = await careAdmin(h.app);
    const endsAt = new Date(h.clock.now().getTime() + 5 * HOUR).toISOString();
    const posted = (await admin.post("/console/api/content/notices", { text: outage, endsAt })).json() as { notice: { id: string } };
    await h.press("cat:price_quote");
    expect(h.since()).toContain(outage.vi);

    expect((await admin.post(`/console/api/content/notices/${posted.notice.id}/withdraw`)).json()).toEqual({ ok: true });
    await h.press("cat:price_quote");
    expect(h.since()).not.toContain(outage.vi);
    const changes = await h.db.prisma.contentChange.findMany({ where: { kind: "notice" }, orderBy: { at: "asc" } });
    expect(changes.map((c) => [c.action, c.changedBy])).toEqual([
      ["created", admin.staffId],
      ["withdrawn", admin.staffId],
    ]);
  });

  it("refuses a notice for an unknown category or one that has already ended", async () => {
    h = await telegramHarness();
    const admin = await careAdmin(h.app);
    const later = new Date(h.clock.now().getTime() + HOUR).toISOString();
    const unknown = await admin.post("/console/api/content/notices", { text: outage, categories: ["mail"], endsAt: later });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ error: "unknown_category" });
    const past = new Date(h.clock.now().getTime() - HOUR).toISOString();
    expect((await admin.post("/console/api/content/notices", { text: outage, endsAt: past })).statusCode).toBe(422);
    expect(await h.db.prisma.notice.count()).toBe(0);
  });
});
