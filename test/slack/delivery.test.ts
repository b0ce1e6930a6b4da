import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actions } from "../../src/slack/cards.js";
import { blockText, channels, type SlackHarness, slackHarness, users } from "./harness.js";

describe("the Slack sender through the outbox", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await slackHarness();
  });
  afterEach(() => h.close());

  const slackRows = () => h.db.prisma.outboxMessage.findMany({ where: { channel: "slack" }, orderBy: { seq: "asc" } });

  it("Slack answering 429 is retried after Retry-After (fake clock): nothing lost, the card eventually right", async () => {
    const ticket = await h.open("price_quote");
    h.standin.fail("chat.postMessage", { kind: "429", retryAfter: 30 }, 1);
    expect(await h.deliver()).toBe(1);
    const [row] = await slackRows();
    expect(row).toMatchObject({ status: "pending", lastError: expect.stringContaining("chat.postMessage") });
    expect(row?.nextAttemptAt.getTime()).toBe(h.clock.now().getTime() + 30_000);
    expect(h.standin.messages(channels.sales)).toHaveLength(0);

    // Claimed while Slack is rate limiting: the change waits in line behind the first card row.
    await h.press(users.lan, actions.claim, ticket.id, { channel: channels.sales });
    h.clock.advance(29_000);
    const callsBefore = h.standin.calls.length;
    await h.deliver();
    expect(h.standin.calls.slice(callsBefore).filter((c) => c.method.startsWith("chat."))).toEqual([]);
    h.clock.advance(1_000);
    await h.deliver();

    expect((await slackRows()).map((r) => r.status)).toEqual(["sent", "sent"]);
    const cards = h.standin.messages(channels.sales).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
    expect(cards).toHaveLength(1);
    expect(blockText(cards[0])).toContain(`do <@${users.lan}> nhận`);
    expect(h.standin.messages(channels.feed)).toHaveLength(1);
  });

  it("a 5xx is retried with backoff; a missing channel fails permanently and is kept on the ticket's timeline", async () => {
    const ticket = await h.open("price_quote");
    h.standin.fail("chat.postMessage", { kind: "500" }, 1);
    await h.deliver();
    const [row] = await slackRows();
    expect(row?.status).toBe("pending");
    expect(row?.nextAttemptAt.getTime()).toBeGreaterThan(h.clock.now().getTime());
    h.clock.advance(60_000);
    await h.deliver();
    expect((await slackRows())[0]?.status).toBe("sent");

    const other = await h.open("price_quote");
    h.standin.fail("chat.postMessage", { kind: "error", error: "channel_not_found" }, 1);
    await h.deliver();
    const failed = await h.db.prisma.outboxMessage.findFirst({ where: { ticketId: other.id, channel: "slack" } });
    expect(failed?.status).toBe("failed");
    const timeline = await h.app.tickets.timeline(other.id);
    expect(timeline.map((e) => e.type)).toContain("delivery_failed");
    expect(ticket.id).not.toBe(other.id);
  });

  it("customer messages and files appear in the card's thread, escaped", async () => {
    const ticket = await h.open("price_quote");
    await h.deliver();
    const added = await h.app.tickets.addCustomerMessage({
      customerId: ticket.customerId,
      channel: "telegram",
      text: "Còn đây là ảnh <!channel>",
      attachments: [{ name: "loi.png", mimeType: "image/png", size: 10, key: "k1" }],
    });
    expect(added.ok).toBe(true);
    await h.deliver();
    const card = await h.card(ticket.id, channels.sales);
    const thread = h.standin.messages(channels.sales).filter((m) => m.thread_ts === card?.ts && m.ts !== card?.ts);
    expect(thread.map((m) => m.text)).toEqual([
      expect.stringMatching(
        /^\*Khách hàng\*\nCòn đây là ảnh &lt;!channel&gt;\nTệp đính kèm: <http:\/\/localhost:\d+\/files\/k1\?name=loi\.png&type=image%2Fpng&exp=\d+&sig=[\w-]{43}\|loi\.png>$/,
      ),
    ]);
  });

  it("files are signed links of our server with escaped names; no Telegram file URL or bot token reaches Slack", async () => {
    const ticket = await h.open("price_quote");
    await h.deliver();
    await h.app.tickets.addCustomerMessage({
      customerId: ticket.customerId,
      channel: "telegram",
      text: "Hai tệp",
      attachments: [
        { name: "a<!channel>|b.pdf", mimeType: "application/pdf", size: 10, key: "telegram/0b7c5d1e-1111-4222-8333-944455556666" },
        { name: "hợp đồng.docx", mimeType: "application/octet-stream", size: 20, key: "telegram/k2" },
      ],
    });
    await h.deliver();
    const card = await h.card(ticket.id, channels.sales);
    const [line] = h.standin.messages(channels.sales).filter((m) => m.thread_ts === card?.ts && m.ts !== card?.ts);
    const text = String(line?.text);
    expect(text).toContain("|a&lt;!channel&gt;|b.pdf>, <http://localhost:");
    expect(text).toContain("/files/telegram/0b7c5d1e-1111-4222-8333-944455556666?");
    expect(text).toMatch(
      /\/files\/telegram\/k2\?name=h%E1%BB%A3p\+%C4%91%E1%BB%93ng\.docx&type=application%2Foctet-stream&exp=\d+&sig=[\w-]{43}\|hợp đồng\.docx>$/,
    );
    expect(text).not.toContain("<!channel>");
    const everything = JSON.stringify(h.standin.calls);
    expect(everything).not.toContain("api.telegram.org");
    expect(everything).not.toContain("/file/bot");
  });

  it("the card lists the first message's files as signed links, the same link when re-rendered the same day", async () => {
    const customer = await h.app.tickets.identifyCustomer({ channel: "telegram", externalId: "900", displayName: "An", language: "vi" });
    const opened = await h.app.tickets.open({
      customerId: customer.id,
      channel: "telegram",
      chatId: "900",
      language: "vi",
      categoryId: "price_quote",
      description: "Báo giá theo ảnh",
      contact: { name: "An", phone: "0903123456" },
      attachments: [{ name: "bảng *giá*.png", mimeType: "image/png", size: 10, key: "telegram/k3" }],
    });
    if (!opened.ok) throw new Error(opened.code);
    await h.deliver();
    const card = await h.card(opened.value.ticket.id, channels.sales);
    expect(blockText(card)).toMatch(
      /Tệp đính kèm: <http:\/\/localhost:\d+\/files\/telegram\/k3\?name=[^|>]+&sig=[\w-]{43}\|bảng \*giá\*\.png>/,
    );
    const link = (text: string) => /<(http:[^|]+)\|/.exec(text)?.[1];
    const before = link(blockText(card));
    expect(before).toContain("/files/telegram/k3?");
    h.clock.advance(60_000);
    await h.press(users.lan, actions.claim, opened.value.ticket.id, { channel: channels.sales });
    await h.deliver();
    const after = await h.card(opened.value.ticket.id, channels.sales);
    expect(blockText(after)).toContain(`do <@${users.lan}> nhận`);
    // Same link (expiry rounded to the day): a re-render changes only what really changed.
    expect(link(blockText(after))).toBe(before);
  });
});
