import type { ParsedMail } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../../src/app.js";
import { hasDovecot } from "../../standins/dovecot.js";
import { silentLogger } from "../../support/logger.js";
import { type WebHarness, webHarness } from "../../web/web-harness.js";
import { composeRaw, type MailSpec, mailStandins, SUPPORT, until } from "./mail-support.js";

const CUSTOMER = "Nguyễn Văn An <an.nguyen@khachhang.vn>";
const GREETING = "Kính thưa quý khách";
const CLOSING = "Cám ơn quý khách đã quan tâm đến sản phẩm và dịch vụ của chúng tôi";

describe.skipIf(!hasDovecot)("email channel: a real IMAP mailbox (dovecot) and an SMTP server", () => {
  const mail = mailStandins();
  let h: WebHarness;
  let sequence = 0;

  const fresh = async () => {
    await mail.dovecot.clear();
    mail.smtp.mails.length = 0;
    h = await webHarness({ env: mail.env(), app: { email: { maxFileBytes: 64 * 1024 } } });
    await h.app.start();
  };

  const nextId = () => `<m${++sequence}.${Date.now()}@khachhang.vn>`;
  async function send(spec: Partial<MailSpec> & Pick<MailSpec, "subject" | "text">): Promise<string> {
    const messageId = spec.messageId ?? nextId();
    await mail.dovecot.append(await composeRaw({ from: CUSTOMER, ...spec, messageId }));
    return messageId;
  }
  const tickets = () => h.db.prisma.ticket.findMany({ orderBy: { number: "asc" }, include: { messages: { orderBy: { seq: "asc" } } } });
  const ticketCount = async (n: number) => ((await h.db.prisma.ticket.count()) === n ? true : undefined);
  const mailsTo = (count: number) => mail.smtp.waitFor(count, 20_000);
  // Every mail read and handled, and everything it caused sent: what went out can be counted.
  const done = () =>
    until(
      "the mailbox drained",
      async () =>
        (await h.app.inbound.pendingCount()) === 0 &&
        (await h.app.delivery.pendingCount()) === 0 &&
        (await mail.dovecot.list()).every((m) => m.flags.includes("\\Seen")),
    );
  const must = <T>(value: T | undefined | null): T => {
    if (value === undefined || value === null) throw new Error("missing");
    return value;
  };
  const occurrences = (text: string, part: string) => text.split(part).length - 1;
  const header = (mail: ParsedMail, name: string) => String(mail.headers.get(name) ?? "");

  describe("in one process", () => {
    beforeEach(fresh);
    afterEach(async () => {
      await h.close();
    });

    it("R1.1 R1.3 a Vietnamese mail (RFC 2047 subject, quoted-printable UTF-8 body) opens a ticket in Technical; the acknowledgement is threaded", async () => {
      const subject = "Tên miền congty.vn không truy cập được — khẩn";
      const text = "Chào anh chị,\nTừ sáng nay tên miền congty.vn báo lỗi DNS, khách hàng của tôi không vào được trang web.\nXin cảm ơn!";
      const raw = await composeRaw({ from: CUSTOMER, subject, text, messageId: "<raw@khachhang.vn>" });
      expect(raw).toMatch(/Subject: =\?UTF-8\?[QB]\?/);
      expect(raw).toContain("Content-Transfer-Encoding: quoted-printable");
      const messageId = await send({ subject, text });

      await until("a ticket", () => ticketCount(1));
      const ticket = must((await tickets())[0]);
      expect(ticket).toMatchObject({
        channel: "email",
        chatId: "an.nguyen@khachhang.vn",
        departmentId: "technical",
        categoryId: "hosting_domain",
      });
      expect(ticket.description).toBe(`${subject}\n\n${text}`);
      expect(ticket.messages[0]).toMatchObject({ direction: "in", platformMessageId: messageId, text: `${subject}\n\n${text}` });
      const customer = await h.db.prisma.customer.findFirstOrThrow({ include: { identities: true } });
      expect(customer).toMatchObject({ name: "Nguyễn Văn An", email: "an.nguyen@khachhang.vn", language: "vi" });
      expect(customer.identities).toMatchObject([{ channel: "email", externalId: "an.nguyen@khachhang.vn" }]);

      const ack = must((await mailsTo(1))[0]);
      expect(ack.to).toEqual(["an.nguyen@khachhang.vn"]);
      expect(ack.parsed.subject).toMatch(new RegExp(`^Re: ${subject} \\[#${ticket.number}-[0-9a-f]{8}\\]$`));
      expect(ack.parsed.inReplyTo).toBe(messageId);
      expect(ack.parsed.text).toContain(`#${ticket.number}`);
      expect(ack.parsed.text).toContain("Phòng kỹ thuật");
      expect(ack.parsed.text).toMatch(/\/t\/\S+/);
      expect(ack.parsed.html).toContain("<a href=");
      expect(header(ack.parsed, "auto-submitted")).toBe("auto-replied");
      await done();
    });

    it("the acknowledgement says the department's usual first reply, as the chat channels' confirmations do", async () => {
      // Five Technical tickets answered 20 working minutes after they entered the queue, yesterday.
      for (let i = 0; i < 5; i++) {
        const answered = await h.openRequest(`Yêu cầu cũ ${i}`);
        await h.db.prisma.ticket.update({
          where: { id: answered.id },
          data: {
            departmentId: "technical",
            status: "resolved",
            readyAt: new Date("2026-11-24T02:00:00Z"),
            firstReplyAt: new Date("2026-11-24T02:20:00Z"),
          },
        });
      }
      await send({ subject: "Tên miền congty.vn không truy cập được", text: "Tên miền báo lỗi DNS từ sáng nay." });
      const ack = must((await mailsTo(1))[0]);
      expect(ack.parsed.text).toContain(
        "Gần đây Phòng kỹ thuật thường trả lời lần đầu sau khoảng 20 phút làm việc (theo 5 yêu cầu gần nhất)",
      );
      await done();
    });

    it("R3.5 R3.6 a staff reply from the console arrives by SMTP with the greeting first and the closing last, once each, threaded; the customer's answer joins the ticket", async () => {
      const first = await send({ subject: "Không gửi được email từ Outlook", text: "Hộp thư an.nguyen không gửi được thư từ hôm qua." });
      const ack = must((await mailsTo(1))[0]);
      const ticket = must((await tickets())[0]);
      const staffId = await h.staff("lan", [ticket.departmentId]);
      expect(staffId).toBeTruthy();
      const lan = h.as(await h.signIn("lan"));
      expect((await lan.post("/console/api/claim-next")).statusCode).toBe(200);
      const replied = await lan.post(`/console/api/tickets/${ticket.id}/reply`, {
        text: "Kính thưa quý khách, hộp thư đã được mở lại.\n\nCảm ơn quý khách đã quan tâm đến sản phẩm và dịch vụ của chúng tôi.",
      });
      expect(replied.statusCode).toBe(200);

      // The claim's notice goes first (a "message"), then the written reply.
      const reply = await until("the reply", async () => mail.smtp.mails.find((m) => m.parsed.text?.includes("mở lại.")));
      const body = must(reply.parsed.text).trim();
      expect(body.startsWith(`${GREETING},\n`)).toBe(true);
      expect(body.endsWith(CLOSING)).toBe(true);
      expect(occurrences(body, GREETING)).toBe(1);
      expect(occurrences(body, CLOSING)).toBe(1);
      expect(body).toMatch(/\/t\/\S+/); // the ticket page, before the closing
      expect(reply.parsed.inReplyTo).toBe(mail.smtp.mails.at(-2)?.parsed.messageId);
      expect(String(reply.parsed.references)).toContain(ack.parsed.messageId);
      expect(String(reply.parsed.references)).toContain(first);
      expect(reply.parsed.subject).toBe(ack.parsed.subject);
      expect(header(reply.parsed, "auto-submitted")).toBe("");

      const answer = await send({
        subject: must(reply.parsed.subject),
        text: `Đã gửi được rồi, cảm ơn anh.\n\nVào Th 4, 25 thg 11, 2026 lúc 09:05 <${SUPPORT}> đã viết:\n> ${GREETING},\n> hộp thư đã được mở lại.`,
        inReplyTo: must(reply.parsed.messageId),
        references: [first, must(ack.parsed.messageId), must(reply.parsed.messageId)],
      });
      await until(
        "the answer on the ticket",
        async () => (await h.db.prisma.message.count({ where: { platformMessageId: answer } })) === 1,
      );
      const [after] = await tickets();
      expect(await h.db.prisma.ticket.count()).toBe(1);
      expect(after?.messages.filter((m) => m.direction === "in").map((m) => m.text)).toEqual([
        "Không gửi được email từ Outlook\n\nHộp thư an.nguyen không gửi được thư từ hôm qua.",
        "Đã gửi được rồi, cảm ơn anh.",
      ]);
      await done();
      expect(mail.smtp.mails).toHaveLength(3); // no acknowledgement for an answer
    });

    it("R1.6 a mail with an unclear subject goes to Customer care; a mailing list's mail gets no acknowledgement", async () => {
      await send({ subject: "Hỏi chút", text: "Cho tôi hỏi chút việc." });
      await until("a ticket", () => ticketCount(1));
      expect((await tickets())[0]).toMatchObject({ departmentId: "customer_care", categoryId: "other" });
      await mailsTo(1);
      await send({
        from: "Bản tin <news@lists.example.org>",
        subject: "Bản tin tháng 11",
        text: "Tin tức.",
        headers: { "List-Id": "<news.lists.example.org>" },
      });
      await until("a second ticket", () => ticketCount(2));
      await done();
      // Only the first mail's acknowledgement (a failure shows what else went out).
      expect(mail.smtp.mails.map((m) => `${m.parsed.to && "text" in m.parsed.to ? m.parsed.to.text : ""}: ${m.parsed.subject}`)).toEqual([
        expect.stringMatching(/^an\.nguyen@khachhang\.vn: Re: Hỏi chút \[#1-/),
      ]);
    });

    it("an auto-reply, a bounce and our own sent mail open nothing", async () => {
      await send({ subject: "Tên miền hết hạn?", text: "Tên miền của tôi còn hạn không?" });
      const ack = must((await mailsTo(1))[0]);
      await send({ subject: "Out of office", text: "I am away until Monday.", headers: { "Auto-Submitted": "auto-replied" } });
      await send({ subject: "Vắng mặt", text: "Tôi đang nghỉ phép.", headers: { "X-Autoreply": "yes" } });
      await send({
        from: "MAILER-DAEMON@mx.khachhang.vn",
        subject: "Undelivered Mail Returned to Sender",
        text: "The mail system could not deliver.",
      });
      await send({ from: SUPPORT, subject: must(ack.parsed.subject), text: must(ack.parsed.text), messageId: must(ack.parsed.messageId) });
      await done();
      expect(await h.db.prisma.ticket.count()).toBe(1);
      expect(await h.db.prisma.message.count()).toBe(1);
      expect(mail.smtp.mails).toHaveLength(1);
    });

    it("R2.5 a reply from another address, or a guessed token, never joins the ticket: it opens a request of its own", async () => {
      await send({ subject: "Báo giá hosting", text: "Xin báo giá gói hosting." });
      const ack = must((await mailsTo(1))[0]);
      const ticket = must((await tickets())[0]);
      await send({
        from: "Kẻ lạ <la@khac.vn>",
        subject: must(ack.parsed.subject),
        text: "Tôi cũng muốn báo giá.",
        inReplyTo: must(ack.parsed.messageId),
      });
      await send({ subject: `Re: Báo giá hosting [#${ticket.number}-00000000]`, text: "Thêm một câu hỏi về tên miền." });
      await until("three tickets", () => ticketCount(3));
      const all = await tickets();
      expect(all[0]?.messages).toHaveLength(1);
      // The two later mails come from different senders: processed in parallel, in either order.
      const others = all.filter((t) => t.id !== ticket.id);
      expect(others.find((t) => t.chatId === "la@khac.vn")).toMatchObject({ status: "ready" });
      expect(others.find((t) => t.chatId === "an.nguyen@khachhang.vn")).toMatchObject({ status: "parked", relatedTicketId: ticket.id });
      await done();
    });

    it("a file over the cap is kept out and the customer told; the others are kept with the ticket", async () => {
      await send({
        subject: "Lỗi giao diện website",
        text: "Ảnh chụp màn hình đính kèm.",
        attachments: [
          { filename: "loi.png", content: Buffer.alloc(1024, 1), contentType: "image/png" },
          { filename: "video-lỗi.mp4", content: Buffer.alloc(100 * 1024, 2), contentType: "video/mp4" },
        ],
      });
      const ack = must((await mailsTo(1))[0]);
      const ticket = must((await tickets())[0]);
      expect(ticket.messages[0]?.attachments).toMatchObject([{ name: "loi.png", mimeType: "image/png", size: 1024 }]);
      expect(ack.parsed.text).toContain("video-lỗi.mp4");
    });

    it("the IMAP server stopped for a few seconds and started again: nothing lost, nothing twice", async () => {
      await send({ subject: "Tên miền 1", text: "Tên miền thứ nhất không chạy." });
      await until("a ticket", () => ticketCount(1));
      await mail.dovecot.stop();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await mail.dovecot.start();
      await send({ subject: "Tên miền 2", text: "Tên miền thứ hai cũng không chạy." });
      await until("two tickets", () => ticketCount(2), 60_000);
      await done();
      expect((await tickets()).map((t) => t.description.split("\n")[0])).toEqual(["Tên miền 1", "Tên miền 2"]);
      expect(await h.db.prisma.inboundEvent.count({ where: { source: "email" } })).toBe(2);
    });

    it("SMTP answering 451 then 250: delivered once; 550 is recorded on the ticket's timeline", async () => {
      mail.smtp.fail(451, "4.3.0 Try again later");
      await send({ subject: "Hóa đơn tháng 11", text: "Xin gửi hóa đơn tháng 11." });
      await until(
        "a retry",
        async () =>
          (await h.db.prisma.outboxMessage.findFirst({
            where: { channel: "email", attempts: 1, status: "pending", lastError: { not: null } },
          })) ?? undefined,
      );
      h.clock.advance(15 * 60_000);
      await mailsTo(1);
      const row = await until("sent", async () => h.db.prisma.outboxMessage.findFirst({ where: { channel: "email", status: "sent" } }));
      expect(row.attempts).toBe(2);
      expect(mail.smtp.mails).toHaveLength(1);

      mail.smtp.fail(550, "5.1.1 No such user");
      await send({ from: "khong.co@khachhang.vn", subject: "Hóa đơn", text: "Xin hóa đơn." });
      const failed = await until("a permanent failure", async () =>
        h.db.prisma.outboxMessage.findFirst({ where: { channel: "email", status: "failed" } }),
      );
      const event = await until("on the timeline", async () =>
        h.db.prisma.timelineEvent.findFirst({ where: { type: "delivery_failed", ticketId: failed.ticketId ?? "" } }),
      );
      expect(event.data).toMatchObject({ channel: "email", reason: expect.stringContaining("550") });
    });
  });

  describe("across a restart", () => {
    beforeEach(async () => {
      await mail.dovecot.clear();
      mail.smtp.mails.length = 0;
    });
    afterEach(async () => {
      await h.close();
    });

    it("the same mail seen twice (another copy, flags lost before a restart) is handled once", async () => {
      h = await webHarness({ env: mail.env() });
      // The first process, on the same database: its stop must not hand the database back.
      const first = await createApp({
        env: h.env,
        policy: h.policy,
        db: { ...h.db, close: async () => {} },
        clock: h.clock,
        logger: silentLogger,
      });
      await first.start();
      const messageId = await send({ subject: "Gia hạn tên miền", text: "Tôi muốn gia hạn tên miền congty.vn." });
      await send({ subject: "Gia hạn tên miền", text: "Tôi muốn gia hạn tên miền congty.vn.", messageId });
      await until(
        "read",
        async () => (await first.inbound.pendingCount()) === 0 && (await mail.dovecot.list()).every((m) => m.flags.includes("\\Seen")),
      );
      await mailsTo(1);
      await first.stop();
      // As if the \Seen flags never reached the server before the process stopped.
      await mail.dovecot.unsee();
      await h.app.start();
      await until("read again", async () => (await mail.dovecot.list()).every((m) => m.flags.includes("\\Seen")));
      await until("nothing pending", async () => (await h.app.inbound.pendingCount()) === 0);
      expect(await h.db.prisma.ticket.count()).toBe(1);
      expect(await h.db.prisma.message.count()).toBe(1);
      expect(await h.db.prisma.inboundEvent.count({ where: { source: "email" } })).toBe(2); // two copies: one mail
      expect(mail.smtp.mails).toHaveLength(1);
    });
  });
});
