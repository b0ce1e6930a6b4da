import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actions } from "../../src/slack/cards.js";
import { blockText, buttonsOf, channels, type SlackHarness, slackHarness, users } from "./harness.js";

const input = (value: string) => ({ type: "plain_text_input", value }) as const;

describe("Reply and Resolve modals, thread notes (R3.3–R3.5, R4.2)", () => {
  let h: SlackHarness;
  let ticketId: string;
  let cardTs: string;
  beforeEach(async () => {
    h = await slackHarness();
    const ticket = await h.open("price_quote", { name: "An" });
    ticketId = ticket.id;
    await h.press(users.lan, actions.claim, ticketId, { channel: channels.sales });
    await h.deliver();
    cardTs = (await h.card(ticketId, channels.sales))?.ts ?? "";
  });
  afterEach(() => h.close());

  /** Presses a card button that opens a modal; returns the modal's private_metadata. */
  async function openModal(actionId: string, userId = users.lan): Promise<string> {
    const before = h.standin.callsTo("views.open").length;
    await h.press(userId, actionId, ticketId, { channel: channels.sales, ts: cardTs });
    const opened = h.standin.callsTo("views.open");
    expect(opened).toHaveLength(before + 1);
    const view = opened.at(-1)?.params.view as { private_metadata: string };
    return view.private_metadata;
  }

  const customerRows = () => h.db.prisma.outboxMessage.findMany({ where: { ticketId, channel: "telegram" }, orderBy: { seq: "asc" } });

  it("R3.3 R3.4 R4.2 the Reply modal shows inline errors for an empty reply, a phone-call proposal and abusive words", async () => {
    const meta = await openModal(actions.reply);
    const sentBefore = (await customerRows()).length;
    const greetingOnly = `${h.policy.replies.greeting.vi},`;
    const cases: [string, string][] = [
      [greetingOnly, "Write a reply: the greeting alone is not an answer."],
      ["Em sẽ gọi điện cho anh để trao đổi thêm", 'Answers are written only: "gọi điện" proposes a call or a verbal exchange.'],
      ["Anh thật là đồ ngu", "Please rephrase"],
    ];
    for (const [text, error] of cases) {
      const response = await h.submit(users.lan, "reply", meta, { reply_text: { value: input(text) } });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { response_action: string; errors: Record<string, string> };
      expect(body.response_action).toBe("errors");
      expect(body.errors.reply_text).toContain(error);
    }
    expect(await customerRows()).toHaveLength(sentBefore);
  });

  it("R3.5 a reply reaches the customer with the greeting exactly once, and the thread shows exactly what was sent", async () => {
    const meta = await openModal(actions.reply);
    const response = await h.submit(users.lan, "reply", meta, {
      reply_text: { value: input("Kính thưa quý khách, giá gói A là 1.000.000đ/năm.") },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("");
    const reply = (await customerRows()).find((r) => r.kind === "reply");
    const sent = (reply?.payload as { message?: { text: { raw: string }[] } } | undefined)?.message?.text[0]?.raw ?? "";
    expect(sent).toBe(`${h.policy.replies.greeting.vi},\ngiá gói A là 1.000.000đ/năm.`);
    expect(sent.split(h.policy.replies.greeting.vi)).toHaveLength(2);
    await h.deliver();
    const thread = h.standin.messages(channels.sales).filter((m) => m.thread_ts === cardTs && m.ts !== cardTs);
    expect(thread.at(-1)?.text).toBe(`*Lan Nguyen: đã gửi cho khách*\n${sent}`);
  });

  it("a Reply submitted again from the same modal (Slack showed an error, yet the first went through) reaches the customer once", async () => {
    const meta = await openModal(actions.reply);
    const values = { reply_text: { value: input("Kính thưa quý khách, giá gói A là 1.000.000đ/năm.") } };
    const first = await h.submit(users.lan, "reply", meta, values, "V0SAMEMODAL");
    const again = await h.submit(users.lan, "reply", meta, values, "V0SAMEMODAL");
    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    expect(again.body).toBe(""); // the modal closes: the reply is there
    expect((await customerRows()).filter((r) => r.kind === "reply")).toHaveLength(1);
    const replies = await h.db.prisma.message.count({ where: { ticketId, direction: "out" } });
    expect(replies).toBe(1);

    // A refused submission is not kept: the same modal, corrected, goes through.
    const refused = await h.submit(users.lan, "reply", meta, { reply_text: { value: input("Anh thật là đồ ngu") } }, "V0OTHERMODAL");
    expect((refused.json() as { response_action: string }).response_action).toBe("errors");
    await h.submit(users.lan, "reply", meta, { reply_text: { value: input("Kính thưa quý khách, đã gia hạn.") } }, "V0OTHERMODAL");
    expect((await customerRows()).filter((r) => r.kind === "reply")).toHaveLength(2);
  });

  it("a canned reply chosen in the modal refills the text box in the customer's language", async () => {
    await openModal(actions.reply);
    const modal = h.standin.views.at(-1);
    await h.interactCanned(modal?.id ?? "", String(modal?.hash), String(modal?.private_metadata), "received");
    const update = h.standin.callsTo("views.update").at(-1);
    expect(update?.error).toBeUndefined();
    const blocks =
      (update?.params.view as { blocks?: { block_id?: string; element?: { initial_value?: string } }[] } | undefined)?.blocks ?? [];
    const box = blocks.find((b) => b.block_id?.startsWith("reply_text"));
    expect(box?.block_id).toBe("reply_text_received");
    expect(box?.element?.initial_value).toBe(h.policy.replies.canned.find((c) => c.id === "received")?.text.vi);
  });

  it("staff chatter in a card's thread is an internal note and never reaches the customer", async () => {
    const before = await customerRows();
    await h.event({
      type: "message",
      channel: channels.sales,
      user: users.minh,
      text: "Khách này hỏi lần 2 rồi <!channel>",
      ts: "1700000050.000100",
      thread_ts: cardTs,
      channel_type: "channel",
      event_ts: "1700000050.000100",
    });
    const notes = await h.db.prisma.message.findMany({ where: { ticketId, direction: "note" } });
    expect(notes.map((n) => n.text)).toEqual(["Khách này hỏi lần 2 rồi <!channel>"]);
    expect(await customerRows()).toEqual(before);
    const timeline = await h.app.tickets.timeline(ticketId);
    expect(timeline.at(-1)?.type).toBe("note");
    // Our own posts in the thread (bot messages) are not notes.
    await h.event({
      type: "message",
      channel: channels.sales,
      user: "U0BOT0001",
      bot_id: "B0BOT0001",
      text: "Khách hàng",
      ts: "1700000051.000100",
      thread_ts: cardTs,
    });
    expect(await h.db.prisma.message.count({ where: { ticketId, direction: "note" } })).toBe(1);
  });

  it("R3.3 Resolve is refused until a written reply was delivered, then accepted", async () => {
    const meta = await openModal(actions.resolve);
    const refused = await h.submit(users.lan, "resolve", meta, { resolution: { value: input("Đã gửi báo giá.") } });
    expect(refused.json()).toEqual({
      response_action: "errors",
      errors: { resolution: "Send the customer a written reply first; a ticket can be resolved once a reply has been delivered." },
    });

    const replyMeta = await openModal(actions.reply);
    await h.submit(users.lan, "reply", replyMeta, { reply_text: { value: input("Báo giá đã gửi qua email của quý khách.") } });
    await h.customerDelivered(); // the Telegram channel delivered it
    const accepted = await h.submit(users.lan, "resolve", meta, { resolution: { value: input("Đã gửi báo giá đầy đủ.") } });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.body).toBe("");
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticketId } })).status).toBe("resolved");
    await h.deliver();
    const card = await h.card(ticketId, channels.sales);
    expect(blockText(card)).toContain("Đã xử lý xong");
    expect(buttonsOf(card)).toEqual([]);
  });

  it("R4.1 another Sales member cannot open the Reply modal of a ticket claimed by someone else", async () => {
    await h.press(users.minh, actions.reply, ticketId, { channel: channels.sales, ts: cardTs });
    expect(h.standin.callsTo("views.open")).toHaveLength(0);
    expect(h.ephemeralsFor(channels.sales, users.minh).map((e) => e.text)).toEqual(["Someone else has claimed this ticket."]);
  });
});
