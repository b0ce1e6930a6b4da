import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actions } from "../../../src/slack/cards.js";
import { channels, type SlackHarness, slackHarness, users } from "../../slack/harness.js";
import { hasDovecot } from "../../standins/dovecot.js";
import { type WebHarness, webHarness } from "../../web/web-harness.js";
import { composeRaw, mailStandins, until } from "./mail-support.js";

const GREETING = "Kính thưa quý khách";
const CLOSING = "Cám ơn quý khách đã quan tâm đến sản phẩm và dịch vụ của chúng tôi";
const occurrences = (text: string, part: string) => text.split(part).length - 1;
const input = (value: string) => ({ type: "plain_text_input", value }) as const;

/** The body of a mail as the customer reads it: greeting first, closing last, once each (R3.5, R3.6). */
function expectPolicyFrame(body: string) {
  expect(body.startsWith(`${GREETING},\n`)).toBe(true);
  expect(body.endsWith(CLOSING)).toBe(true);
  expect(occurrences(body, GREETING)).toBe(1);
  expect(occurrences(body, CLOSING)).toBe(1);
}

describe.skipIf(!hasDovecot)("replies by email from the other staff tools and for other channels' customers", () => {
  const mail = mailStandins();

  describe("a staff reply written in Slack", () => {
    let h: SlackHarness;
    beforeEach(async () => {
      await mail.dovecot.clear();
      mail.smtp.mails.length = 0;
      h = await slackHarness({ env: mail.env() });
      await h.app.start();
    });
    afterEach(async () => {
      await h?.close();
    });

    it("R3.5 R3.6 reaches the email customer by SMTP with the greeting first and the closing last, once each, threaded to their mail", async () => {
      const first = `<slack.${Date.now()}@khachhang.vn>`;
      await mail.dovecot.append(
        await composeRaw({
          from: "Trần Thị Bình <binh.tran@khachhang.vn>",
          subject: "Website báo lỗi 500 sau khi cập nhật hosting",
          text: "Trang web của công ty tôi báo lỗi 500 từ sáng nay.",
          messageId: first,
        }),
      );
      const ticket = await until("a ticket", () => h.db.prisma.ticket.findFirst());
      expect(ticket).toMatchObject({ channel: "email", departmentId: "technical" });
      const ack = await until("the acknowledgement", async () => mail.smtp.mails[0]);

      await h.deliver();
      const card = await until("the card in Technical", () => h.card(ticket.id, channels.technical));
      await h.press(users.tuan, actions.claim, ticket.id, { channel: channels.technical, ts: card.ts });
      await h.press(users.tuan, actions.reply, ticket.id, { channel: channels.technical, ts: card.ts });
      const view = h.standin.callsTo("views.open").at(-1)?.params.view as { private_metadata: string };
      const submitted = await h.submit(users.tuan, "reply", view.private_metadata, {
        reply_text: { value: input("Chúng tôi đã khôi phục cấu hình PHP, trang web đã hoạt động lại.") },
      });
      expect(submitted.statusCode).toBe(200);
      expect(submitted.body).toBe("");

      const reply = await until("the reply by SMTP", async () =>
        mail.smtp.mails.find((m) => m.parsed.text?.includes("khôi phục cấu hình PHP")),
      );
      expect(reply.to).toEqual(["binh.tran@khachhang.vn"]);
      expectPolicyFrame(String(reply.parsed.text).trim());
      expect(reply.parsed.subject).toBe(ack.parsed.subject);
      expect(String(reply.parsed.references)).toContain(first);
      expect(String(reply.parsed.references)).toContain(ack.parsed.messageId);
      // Sent once, whatever the workers do afterwards.
      await h.deliver();
      expect(mail.smtp.mails.filter((m) => m.parsed.text?.includes("khôi phục cấu hình PHP"))).toHaveLength(1);
    }, 60_000); // real IMAP and SMTP round trips with Slack in between: slow on a loaded machine
  });

  describe("a web chat customer who asked for answers by email", () => {
    let h: WebHarness;
    beforeEach(async () => {
      await mail.dovecot.clear();
      mail.smtp.mails.length = 0;
      h = await webHarness({ env: mail.env() });
      await h.app.start();
    });
    afterEach(async () => {
      await h?.close();
    });

    it("R3.6 gets each staff reply by email as well, with the closing; the chat gets it without; the other mails stay in the chat", async () => {
      const session = await h.app.server.inject({ method: "POST", url: "/webchat/session", payload: {} });
      const { visitorId, token } = session.json() as { visitorId: string; token: string };
      const visitor = { visitorId, token };
      const asked = await h.app.server.inject({
        method: "POST",
        url: "/webchat/email",
        payload: { ...visitor, email: "Chi.Le@CongTy.vn" },
      });
      expect(asked.statusCode).toBe(200);

      const customer = await h.app.tickets.identifyCustomer({ channel: "webchat", externalId: visitor.visitorId, language: "vi" });
      const opened = await h.app.tickets.open({
        customerId: customer.id,
        channel: "webchat",
        chatId: visitor.visitorId,
        language: "vi",
        categoryId: "product_usage",
        description: "Không đăng nhập được trang quản trị hosting",
        contact: { name: "Lê Chi", phone: "0903123456" },
      });
      if (!opened.ok) throw new Error(opened.code);
      const ticket = opened.value.ticket;

      await h.staff("mai", [ticket.departmentId]);
      const mai = h.as(await h.signIn("mai"));
      expect((await mai.post("/console/api/claim-next")).statusCode).toBe(200);
      const replied = await mai.post(`/console/api/tickets/${ticket.id}/reply`, {
        text: "Mật khẩu quản trị đã được đặt lại, quý khách kiểm tra hộp thư.",
      });
      expect(replied.statusCode).toBe(200);

      const copy = await until("the copy by SMTP", async () => mail.smtp.mails.find((m) => m.parsed.text?.includes("Mật khẩu quản trị")));
      expect(copy.to).toEqual(["chi.le@congty.vn"]);
      expectPolicyFrame(String(copy.parsed.text).trim());
      expect(copy.parsed.subject).toContain(`${ticket.number}`);

      const chatRows = await h.db.prisma.outboxMessage.findMany({ where: { ticketId: ticket.id, channel: "webchat", kind: "reply" } });
      const chatText = JSON.stringify(chatRows.map((row) => row.payload));
      expect(chatText).toContain("Mật khẩu quản trị");
      expect(chatText).not.toContain(CLOSING);
      // Only the written reply is copied: the acknowledgement and the claim notice stayed in the chat.
      expect(mail.smtp.mails).toHaveLength(1);
      const timeline = await h.db.prisma.timelineEvent.findMany({ where: { ticketId: ticket.id, type: "email_copy" } });
      expect(timeline.map((event) => event.data)).toEqual([{ reason: "customer_asked", kind: "reply" }]);
    });
  });
});
