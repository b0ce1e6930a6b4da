import { afterEach, describe, expect, it } from "vitest";
import { mailStandins } from "../channels/email/mail-support.js";
import { type WebchatHarness, webchatHarness } from "../channels/webchat/harness.js";
import { hasDovecot } from "../standins/dovecot.js";

/** A web chat visitor id is anyone's for free: a code sent back to it would prove nothing about the contact. */

let h: WebchatHarness | undefined;
afterEach(async () => {
  await h?.app.stop();
  h = undefined;
});

/** A web chat visitor's domain transfer (an account change: it needs a verified contact), claimed by Lan. */
async function claimedDomainRequest(harness: WebchatHarness, contact: string) {
  const v = await harness.session();
  await harness.say(v, "/start");
  await harness.press(v, "cat:hosting_domain");
  await harness.say(v, "Chuyển tên miền congty.vn sang tài khoản khác");
  await harness.finishRequest(v, { name: "Trần Thị Bình", contact });
  const ticket = await harness.db.prisma.ticket.findFirstOrThrow();
  const lan = await harness.db.prisma.staff.create({ data: { name: "Lan", departments: [ticket.departmentId], login: "lan" } });
  expect((await harness.app.tickets.claim(lan.id, ticket.id)).ok).toBe(true);
  return { v, ticket, lan };
}

describe("verifying a web chat customer's contact", () => {
  it("sends no code to the visitor's own chat; only the email on file can prove a contact", async () => {
    h = await webchatHarness();
    const { v, ticket, lan } = await claimedDomainRequest(h, "0903123456");
    await h.settle();
    await h.fresh(v);

    const identity = await h.app.tickets.ticketIdentity(lan.id, ticket.id);
    expect(identity.ok && identity.value).toMatchObject({ required: true, verified: false, route: "email" });
    expect(await h.app.tickets.sendVerificationCode(lan.id, ticket.id, "channel")).toMatchObject({ ok: false, code: "anonymous_channel" });
    // No email on file (and no mailbox here): nothing can be sent, and staff are told why.
    expect(await h.app.tickets.sendVerificationCode(lan.id, ticket.id)).toMatchObject({ ok: false, code: "no_email" });
    await h.settle();
    expect(await h.fresh(v)).toEqual([]);
    expect(await h.db.prisma.privacyRequest.count()).toBe(0);
  });
});

describe.skipIf(!hasDovecot)("verifying a web chat customer's email", () => {
  const mail = mailStandins();

  it("proves the address the code was mailed to, and only while that address stays the one on file", async () => {
    h = await webchatHarness({
      env: mail.env(),
    });
    const { v, ticket, lan } = await claimedDomainRequest(h, "binh@congty.vn");
    const mailed = mail.smtp.mails.length;

    expect(await h.app.tickets.sendVerificationCode(lan.id, ticket.id)).toEqual({ ok: true, value: { via: "email" } });
    await h.settle();
    const codeMail = mail.smtp.mails.slice(mailed).find((m) => m.to.includes("binh@congty.vn"));
    const code = /(\d{6})/.exec(codeMail?.parsed.text ?? "")?.[1] ?? "";
    expect(code).toMatch(/^\d{6}$/);
    await h.say(v, code);
    const identity = async () => {
      const found = await h?.app.tickets.ticketIdentity(lan.id, ticket.id);
      if (!found?.ok) throw new Error("no identity check");
      return found.value;
    };
    expect(await identity()).toMatchObject({ verified: true, verifiedVia: "email", verifiedContact: "binh@congty.vn" });

    // "Get answers by email" with another address: what was proved no longer stands.
    const changed = await h.app.server.inject({ method: "POST", url: "/webchat/email", payload: { ...v, email: "owner@other.vn" } });
    expect(changed.statusCode).toBe(200);
    await h.settle();
    expect((await h.db.prisma.customer.findUniqueOrThrow({ where: { id: ticket.customerId } })).email).toBe("owner@other.vn");
    expect(await identity()).toMatchObject({ verified: false, verifiedContact: null });
  });
});

describe("verifying the contact of a request that came by email", () => {
  it("holds after the code sent back to the sender is confirmed; a web chat verification of before proves nothing", async () => {
    h = await webchatHarness();
    const app = h.app;
    const customer = await app.tickets.identifyCustomer({
      channel: "email",
      externalId: "binh@congty.vn",
      displayName: "Bình",
      language: "vi",
    });
    const opened = await app.tickets.open({
      customerId: customer.id,
      channel: "email",
      chatId: "binh@congty.vn",
      language: "vi",
      categoryId: "hosting_domain",
      description: "Chuyển tên miền congty.vn",
      contact: { name: "Bình", email: "binh@congty.vn" },
    });
    if (!opened.ok) throw new Error(opened.code);
    const ticket = opened.value.ticket;
    const lan = await h.db.prisma.staff.create({ data: { name: "Lan", departments: [ticket.departmentId], login: "lan" } });
    expect((await app.tickets.claim(lan.id, ticket.id)).ok).toBe(true);
    expect(await app.tickets.sendVerificationCode(lan.id, ticket.id)).toEqual({ ok: true, value: { via: "channel" } });
    const sent = await h.db.prisma.outboxMessage.findFirstOrThrow({
      where: { destination: "email:binh@congty.vn" },
      orderBy: { seq: "desc" },
    });
    const code = String((sent.payload as { message: { text: { vars?: { code?: string } }[] } }).message.text[0]?.vars?.code ?? "");
    expect((await app.tickets.confirmPrivacyCode({ customerId: customer.id, code })).ok).toBe(true);
    const identity = await app.tickets.ticketIdentity(lan.id, ticket.id);
    expect(identity.ok && identity.value).toMatchObject({ verified: true, verifiedVia: "email", verifiedContact: "binh@congty.vn" });

    // As a web chat customer's code went back to their own chat before: recorded, but no proof.
    await h.db.prisma.customer.update({ where: { id: customer.id }, data: { verifiedVia: "webchat", verifiedContact: null } });
    const old = await app.tickets.ticketIdentity(lan.id, ticket.id);
    expect(old.ok && old.value.verified).toBe(false);
  });
});
