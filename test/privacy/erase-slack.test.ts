import { afterEach, describe, expect, it } from "vitest";
import { actions } from "../../src/slack/cards.js";
import { blockText, channels, type SlackHarness, slackHarness, users } from "../slack/harness.js";

/**
 * A customer's deletion reaches Slack (Decree 13/2023): the card is redrawn without the data, the
 * thread lines the app posted with their words and files are deleted (chat.delete, through the
 * outbox: a Slack failure is retried), and what was still waiting to go out is cancelled.
 */

let h: SlackHarness | undefined;
afterEach(() => h?.close());

/** The code the outbox holds for the customer (their chat has no sender in this harness). */
async function codeSentTo(harness: SlackHarness, chatId: string): Promise<string> {
  const row = await harness.db.prisma.outboxMessage.findFirstOrThrow({
    where: { destination: `telegram:${chatId}`, status: "pending" },
    orderBy: { seq: "desc" },
  });
  return /"code":"(\d{6})"/.exec(JSON.stringify(row.payload))?.[1] ?? "";
}

async function erase(harness: SlackHarness, ticket: { customerId: string; chatId: string | null }) {
  const chatId = ticket.chatId ?? "";
  const sent = await harness.app.tickets.requestPrivacyCode({
    customerId: ticket.customerId,
    kind: "erase",
    channel: "telegram",
    chatId,
    requestedBy: `customer:${ticket.customerId}`,
    language: "vi",
  });
  expect(sent.ok).toBe(true);
  const confirmed = await harness.app.tickets.confirmPrivacyCode({
    customerId: ticket.customerId,
    code: await codeSentTo(harness, chatId),
  });
  expect(confirmed.ok).toBe(true);
}

describe("a deletion in Slack threads", () => {
  it("deletes the thread lines posted for the ticket, redraws the card and cancels what had not gone out", async () => {
    h = await slackHarness();
    const ticket = await h.open("price_quote", { description: "Báo giá cho congty-an.vn", name: "Nguyễn Văn An" });
    const other = await h.open("price_quote", { description: "Báo giá cho cua-hang-binh.vn", name: "Bình" });
    await h.press(users.lan, actions.claim, ticket.id, { channel: channels.sales });
    const files = [{ name: "hop-dong-an.pdf", mimeType: "application/pdf", size: 3, key: "telegram/hop-dong-an" }];
    await h.app.tickets.addCustomerMessage({
      customerId: ticket.customerId,
      channel: "telegram",
      text: "Số tài khoản của tôi là 0123456789",
      attachments: files,
    });
    await h.app.tickets.addCustomerMessage({ customerId: other.customerId, channel: "telegram", text: "Tin nhắn của Bình" });
    await h.deliver();
    const lines = () => h?.standin.messages(channels.sales).map((m) => m.text ?? "") ?? [];
    expect(lines().join("\n")).toContain("0123456789");
    expect(lines().join("\n")).toContain("hop-dong-an.pdf");

    // One more line that has not reached Slack yet when the customer asks for the deletion.
    await h.app.tickets.addCustomerMessage({ customerId: ticket.customerId, channel: "telegram", text: "Mật khẩu cũ là an@2026" });
    const waiting = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { ticketId: ticket.id, kind: "thread", status: "pending" } });

    // Slack fails once: nothing is lost, the next round deletes.
    h.standin.fail("chat.delete", { kind: "500" });
    await erase(h, ticket);
    expect(await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({
      status: "cancelled",
      payload: {},
    });
    // Answers to the customer's chat that had not gone out go nowhere now, emptied.
    const toChat = await h.db.prisma.outboxMessage.findMany({ where: { destination: `telegram:${ticket.chatId}` } });
    expect(toChat.length).toBeGreaterThan(0);
    for (const row of toChat) expect(row).toMatchObject({ status: "cancelled", payload: {} });
    await h.deliver();
    expect(lines().join("\n")).toContain("0123456789");
    h.clock.advance(60 * 60_000);
    await h.deliver();

    const shown = lines().join("\n");
    for (const personal of ["0123456789", "hop-dong-an.pdf", "an@2026", "congty-an.vn", "Nguyễn Văn An"])
      expect(shown).not.toContain(personal);
    expect(blockText(await h.card(ticket.id, channels.sales))).not.toContain("congty-an.vn");
    expect(h.standin.callsTo("chat.delete").filter((c) => c.status === 200).length).toBeGreaterThanOrEqual(1);
    // Nobody else's thread was touched.
    expect(shown).toContain("Tin nhắn của Bình");
    expect(await h.db.prisma.outboxMessage.count({ where: { kind: "thread_erase", status: { not: "sent" } } })).toBe(0);
  });

  it("scrubs the typed words on the ticket's timeline and keeps the events", async () => {
    h = await slackHarness();
    const ticket = await h.open("price_quote", { description: "Báo giá cho congty-an.vn" });
    await h.press(users.lan, actions.claim, ticket.id, { channel: channels.sales });
    const staff = await h.db.prisma.staff.findFirstOrThrow({ where: { slackUserId: users.lan } });
    expect((await h.app.tickets.addNote(staff.id, ticket.id, "Khách An dùng số 0903123456", { echoToStaffChannels: true })).ok).toBe(true);
    await erase(h, ticket);
    const events = await h.db.prisma.timelineEvent.findMany({ where: { ticketId: ticket.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["created", "claimed", "note", "anonymized"]));
    expect(events.find((e) => e.type === "note")?.data).toEqual({ text: "—" });
    expect(JSON.stringify(events)).not.toContain("0903123456");
  });
});
