import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actions } from "../../src/slack/cards.js";
import { channels, type SlackHarness, slackHarness, users } from "./harness.js";

const input = (value: string) => ({ type: "plain_text_input", value }) as const;

describe("thread lines say what they are: reply, internal note, customer message", () => {
  let h: SlackHarness;
  let ticketId: string;
  let customerId: string;
  let cardTs: string;
  beforeEach(async () => {
    h = await slackHarness();
    const ticket = await h.open("price_quote", { name: "An" });
    ticketId = ticket.id;
    customerId = ticket.customerId;
    await h.press(users.lan, actions.claim, ticketId, { channel: channels.sales });
    await h.deliver();
    cardTs = (await h.card(ticketId, channels.sales))?.ts ?? "";
  });
  afterEach(() => h.close());

  const threadTexts = () =>
    h.standin
      .messages(channels.sales)
      .filter((m) => m.thread_ts === cardTs && m.ts !== cardTs)
      .map((m) => m.text);

  it("a note written in the console and echoed to Slack is labelled an internal note, and nothing reaches the customer", async () => {
    const lan = await h.db.prisma.staff.findUniqueOrThrow({ where: { slackUserId: users.lan } });
    const before = await h.db.prisma.outboxMessage.count({ where: { ticketId, channel: "telegram" } });
    const noted = await h.app.tickets.addNote(lan.id, ticketId, "Khách VIP, ưu tiên báo giá.", { echoToStaffChannels: true });
    expect(noted.ok).toBe(true);
    await h.deliver();
    expect(threadTexts()).toEqual(["*Lan Nguyen: ghi chú nội bộ, không gửi cho khách*\nKhách VIP, ưu tiên báo giá."]);
    expect(await h.db.prisma.outboxMessage.count({ where: { ticketId, channel: "telegram" } })).toBe(before);
  });

  it("a reply from the modal is labelled as sent to the customer; the customer's message as the customer's", async () => {
    const replied = await h.app.tickets.addCustomerMessage({ customerId, channel: "telegram", text: "Cho tôi hỏi giá gói A" });
    expect(replied.ok).toBe(true);
    await h.press(users.lan, actions.reply, ticketId, { channel: channels.sales, ts: cardTs });
    const meta = (h.standin.callsTo("views.open").at(-1)?.params.view as { private_metadata: string } | undefined)?.private_metadata ?? "";
    await h.submit(users.lan, "reply", meta, { reply_text: { value: input("Giá gói A là 1.000.000đ/năm.") } });
    await h.deliver();
    expect(threadTexts()).toEqual([
      "*Khách hàng*\nCho tôi hỏi giá gói A",
      `*Lan Nguyen: đã gửi cho khách*\n${h.policy.replies.greeting.vi},\nGiá gói A là 1.000.000đ/năm.`,
    ]);
  });
});
