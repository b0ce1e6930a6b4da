import { afterEach, describe, expect, it } from "vitest";
import { CHAT, fillForm, type TelegramHarness, telegramHarness } from "../channels/telegram/harness.js";

/** Account work (password reset, DNS, domain transfer) waits for a verified contact: staff see it and can ask for a code. */

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

const codeIn = (text: string) => /(\d{6})/.exec(text)?.[1] ?? "";
async function identityOf(staffId: string, ticketId: string) {
  const identity = await h?.app.tickets.ticketIdentity(staffId, ticketId);
  if (!identity?.ok) throw new Error("no identity check");
  return identity.value;
}

describe("identity before account work", () => {
  it("a marked category shows an unverified contact; a code sent by staff and typed by the customer verifies it", async () => {
    h = await telegramHarness();
    expect(h.policy.privacy.verifiedCategories).toContain("login_accounts");
    await h.say("/start");
    await fillForm(h, {
      category: "login_accounts",
      description: ["Quên mật khẩu trang quản trị"],
      name: "Nguyễn Văn An",
      contact: "0903123456",
    });
    await h.press("in:confirm");
    const ticket = await h.db.prisma.ticket.findFirstOrThrow();
    const lan = await h.db.prisma.staff.create({ data: { name: "Lan", departments: [ticket.departmentId], login: "lan" } });
    const other = await h.db.prisma.staff.create({ data: { name: "Tú", departments: ["design"], login: "tu" } });
    expect((await h.app.tickets.claim(lan.id, ticket.id)).ok).toBe(true);

    const before = await h.app.tickets.ticketView(lan.id, ticket.id);
    if (!before.ok) throw new Error(before.code);
    expect(before.value.identity).toMatchObject({ required: true, verified: false });
    // R4.1: someone who may not see the ticket learns nothing and cannot send a code.
    expect((await h.app.tickets.ticketIdentity(other.id, ticket.id)).ok).toBe(false);
    expect((await h.app.tickets.sendVerificationCode(other.id, ticket.id)).ok).toBe(false);

    expect((await h.app.tickets.sendVerificationCode(lan.id, ticket.id)).ok).toBe(true);
    await h.settle();
    const code = codeIn(h.texts().find((t) => t.startsWith("Mã xác minh thông tin liên hệ")) ?? "");
    expect(code).toMatch(/^\d{6}$/);
    await h.say(code);
    expect(h.last()).toContain("thông tin liên hệ đã được xác minh");

    const after = await h.app.tickets.ticketView(lan.id, ticket.id);
    if (!after.ok) throw new Error(after.code);
    expect(after.value.identity).toMatchObject({
      required: true,
      verified: true,
      verifiedVia: "telegram",
      verifiedContact: `telegram:${CHAT}`,
    });
    expect(after.value.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(["verification_sent", "contact_verified"]));
    const logged = await h.db.prisma.privacyRequest.findFirstOrThrow({ where: { kind: "verify" } });
    expect(logged).toMatchObject({ state: "done", requestedBy: `staff:${lan.id}`, ticketId: ticket.id });

    // The same phone again changes nothing; a new one undoes the verification (it proved the contact as it was).
    await h.app.tickets.updateCustomerContact(ticket.customerId, { phone: "0903123456" });
    expect((await h.app.tickets.ticketIdentity(lan.id, ticket.id)).ok && (await identityOf(lan.id, ticket.id)).verified).toBe(true);
    await h.app.tickets.updateCustomerContact(ticket.customerId, { phone: "0911222333" });
    expect(await identityOf(lan.id, ticket.id)).toMatchObject({ verified: false, verifiedContact: null });
  });

  it("a category that changes no account asks no verification", async () => {
    h = await telegramHarness();
    await fillForm(h, { category: "price_quote", description: ["Báo giá hosting"], name: "An", contact: "0903123456" });
    await h.press("in:confirm");
    const ticket = await h.db.prisma.ticket.findFirstOrThrow();
    const staff = await h.db.prisma.staff.create({ data: { name: "Lan", departments: [ticket.departmentId], login: "lan" } });
    const view = await h.app.tickets.ticketView(staff.id, ticket.id);
    if (!view.ok) throw new Error(view.code);
    expect(view.value.identity).toMatchObject({ required: false, verified: false });
  });
});
