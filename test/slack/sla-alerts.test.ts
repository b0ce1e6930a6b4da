import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actions, BREACHED_COLOR } from "../../src/slack/cards.js";
import { addStaffAccount } from "../../src/web/staff-accounts.js";
import { channels, type SlackHarness, slackHarness, users } from "./harness.js";

const HOUR = 3_600_000;

/** R2.4 in Slack: a mention in the card's thread at each warning point; at the deadline a red card and an escalation to Customer care. */
describe("SLA warnings and breaches in Slack", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await slackHarness();
  });
  afterEach(() => h.close());

  const threadOf = async (ticketId: string) => {
    const root = await h.cardRef(ticketId, channels.sales);
    return h.standin.messages(channels.sales).filter((m) => m.thread_ts === root?.ts && m.ts !== root?.ts);
  };
  /** Moves the fake clock and runs the deadline watch and the outbox, as the periodic jobs would. */
  const at = async (hours: number) => {
    h.clock.advance(hours * HOUR);
    const counts = await h.app.tickets.watchDeadlines();
    await h.deliver();
    return counts;
  };

  it("mentions the claimer in the card's thread at 50 % and 90 %, once each", async () => {
    const ticket = await h.open("price_quote");
    await h.press(users.lan, actions.claim, ticket.id, { channel: channels.sales });
    await h.deliver();
    expect(await at(84)).toEqual({ warned: 1, breached: 0 });
    let thread = await threadOf(ticket.id);
    expect(thread).toHaveLength(1);
    // Lan's Slack is in English but the channel speaks the policy's default language (vi).
    expect(thread[0]?.text).toMatch(new RegExp(`^<@${users.lan}> .*#${ticket.number} sắp đến hạn xử lý: còn khoảng 84 giờ`));
    expect(thread[0]?.text).not.toContain("<!channel>");
    expect(await at(1)).toEqual({ warned: 0, breached: 0 });
    expect(await threadOf(ticket.id)).toHaveLength(1);
    expect(await at(67)).toEqual({ warned: 1, breached: 0 });
    thread = await threadOf(ticket.id);
    expect(thread).toHaveLength(2);
    expect(thread[1]?.text).toMatch(new RegExp(`^<@${users.lan}> .*còn khoảng 16 giờ`));
  });

  it("mentions the channel when nobody holds the ticket", async () => {
    const ticket = await h.open("price_quote");
    await h.deliver();
    await at(84);
    const [line] = await threadOf(ticket.id);
    expect(line?.text).toMatch(new RegExp(`^<!channel> .*#${ticket.number}`));
  });

  it("names a console-only claimer (who has no Slack id to mention) and tells the channel", async () => {
    const added = await addStaffAccount(h.app.tickets, h.policy, {
      login: "thu",
      name: "Thu <Console>",
      departments: ["sales"],
      password: "correct horse battery",
    });
    if (!added.ok) throw new Error(added.code);
    const ticket = await h.open("price_quote");
    expect((await h.app.tickets.claimNext(added.value.id)).ok).toBe(true);
    await h.deliver();
    await at(84);
    const [line] = await threadOf(ticket.id);
    // Escaped: a name can never become a mention or markup.
    expect(line?.text).toMatch(/^<!channel> Thu &lt;Console&gt; /);
  });

  it("at the deadline the card turns red and Customer care's channel gets an escalation naming the claimer", async () => {
    const ticket = await h.open("price_quote");
    await h.press(users.lan, actions.claim, ticket.id, { channel: channels.sales });
    await h.deliver();
    const before = await h.card(ticket.id, channels.sales);
    expect(before?.attachments ?? []).toEqual([]);
    const careBefore = h.standin.messages(channels.care).length;
    await at(84);
    await at(68);
    expect(await at(16)).toEqual({ warned: 0, breached: 1 });

    const card = await h.card(ticket.id, channels.sales);
    const stripe = (card?.attachments ?? []) as { color: string; blocks: { type: string; block_id?: string }[] }[];
    expect(stripe).toHaveLength(1);
    expect(stripe[0]?.color).toBe(BREACHED_COLOR);
    expect(stripe[0]?.blocks[0]?.block_id).toBe("ticket_breached");
    // The buttons stay usable inside the red card.
    expect(stripe[0]?.blocks.some((b) => b.type === "actions")).toBe(true);
    expect(card?.blocks ?? []).toEqual([]);

    const escalations = h.standin
      .messages(channels.care)
      .slice(careBefore)
      .filter((m) => !m.thread_ts);
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.text).toContain(`#${ticket.number}`);
    expect(escalations[0]?.text).toContain(`<#${channels.sales}>`);
    expect(escalations[0]?.text).toContain(`<@${users.lan}>`);
    // Once: a later watch escalates nothing again.
    await at(5);
    expect(
      h.standin
        .messages(channels.care)
        .slice(careBefore)
        .filter((m) => !m.thread_ts),
    ).toHaveLength(1);
  });

  it("an unclaimed breach says nobody has claimed it", async () => {
    const ticket = await h.open("price_quote");
    await h.deliver();
    const careBefore = h.standin.messages(channels.care).length;
    await at(168);
    const escalation = h.standin
      .messages(channels.care)
      .slice(careBefore)
      .find((m) => !m.thread_ts && m.text?.includes(`#${ticket.number}`));
    expect(escalation?.text).toContain("chưa có ai nhận");
  });
});
