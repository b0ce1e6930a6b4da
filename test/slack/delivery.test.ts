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
    expect(thread.map((m) => m.text)).toEqual(["*Khách hàng*\nCòn đây là ảnh &lt;!channel&gt;\nTệp đính kèm: loi.png"]);
  });
});
