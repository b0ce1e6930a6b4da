import { afterEach, describe, expect, it } from "vitest";
import { composeRaw, mailStandins, until } from "../channels/email/mail-support.js";
import { hasDovecot } from "../standins/dovecot.js";
import { type WebHarness, webHarness } from "../web/web-harness.js";
import { careAdmin } from "./care-admin.js";

const outage = { vi: "Máy chủ email đang gặp sự cố từ 09:00, dự kiến khắc phục trước 11:00", en: "The email server is down" };

/** By mail the request is opened by the mail itself: the notice of its category comes with the acknowledgement. */
describe.skipIf(!hasDovecot)("service notices by email", () => {
  const mail = mailStandins();
  let h: WebHarness;
  afterEach(() => h.close());

  it("a notice limited to email comes with the acknowledgement of an email request, not with a domain one", {
    timeout: 180_000,
  }, async () => {
    h = await webHarness({
      env: mail.env(),
    });
    const admin = await careAdmin(h.app);
    const endsAt = new Date(h.clock.now().getTime() + 2 * 3600_000).toISOString();
    expect((await admin.post("/console/api/content/notices", { text: outage, categories: ["email_accounts"], endsAt })).statusCode).toBe(
      200,
    );
    await h.app.start();

    const from = "Nguyễn Văn An <an.nguyen@khachhang.vn>";
    await mail.dovecot.append(
      await composeRaw({
        from,
        subject: "Không gửi được mail",
        text: "Hộp thư của tôi không gửi được email từ sáng.",
        messageId: "<a1@khachhang.vn>",
      }),
    );
    const [emailAck] = await mail.smtp.waitFor(1, 60_000);
    expect(await h.db.prisma.ticket.findFirst({ select: { categoryId: true } })).toEqual({ categoryId: "email_accounts" });
    expect(emailAck?.parsed.text).toContain(outage.vi);

    await mail.dovecot.append(
      await composeRaw({
        from,
        subject: "Trỏ tên miền",
        text: "Tôi cần trỏ tên miền congty.vn về hosting mới.",
        messageId: "<a2@khachhang.vn>",
      }),
    );
    const acks = await mail.smtp.waitFor(2, 60_000);
    expect(await h.db.prisma.ticket.count({ where: { categoryId: "hosting_domain" } })).toBe(1);
    expect(acks[1]?.parsed.text).not.toContain(outage.vi);
    await until("the mailbox drained", async () => (await h.app.inbound.pendingCount()) === 0);
  });
});
