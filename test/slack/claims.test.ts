import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actions } from "../../src/slack/cards.js";
import { blockText, buttonsOf, channels, type SlackHarness, slackHarness, users } from "./harness.js";

describe("ticket cards and claims (R3.1, R4.1, R1.5, R2.6)", () => {
  let h: SlackHarness;
  afterEach(() => h.close());

  describe("on a working day", () => {
    beforeEach(async () => {
      h = await slackHarness();
    });

    it("R1.5 posts a card to the department channel and a read-only card to the Customer care feed", async () => {
      const ticket = await h.open("price_quote", { name: "Nguyễn Văn An" });
      await h.deliver();
      const card = await h.card(ticket.id, channels.sales);
      const feed = await h.card(ticket.id, channels.feed);
      expect(card?.text).toContain(`#${ticket.number}`);
      const text = blockText(card);
      for (const fact of [
        "Báo giá sản phẩm dịch vụ",
        "Phòng kinh doanh",
        "Nguyễn Văn An (Telegram)",
        "Đang chờ trong hàng đợi",
        "Thứ 1 trong hàng",
        "đúng hạn",
      ]) {
        expect(text).toContain(fact);
      }
      expect(buttonsOf(card)).toContain(actions.claim);
      expect(buttonsOf(feed)).toEqual([]);
      expect(blockText(feed)).toContain("Bản chỉ xem");
    });

    it("shows a customer's <script> and <!channel> as text: escaped in mrkdwn, plain_text for the description", async () => {
      const ticket = await h.open("price_quote", { name: "<!channel> & <@U0SALES01>", description: "<script>alert(1)</script> <!here>" });
      await h.deliver();
      const card = await h.card(ticket.id, channels.sales);
      const blocks = (card?.blocks ?? []) as {
        type: string;
        block_id?: string;
        text?: { type: string; text: string };
        fields?: { text: string }[];
      }[];
      const description = blocks.find((b) => b.block_id === "ticket_description");
      expect(description?.text).toEqual({ type: "plain_text", text: "<script>alert(1)</script> <!here>", emoji: false });
      const customerField = blocks.find((b) => b.block_id === "ticket_facts")?.fields?.[1]?.text ?? "";
      expect(customerField).toContain("&lt;!channel&gt; &amp; &lt;@U0SALES01&gt;");
      expect(customerField).not.toMatch(/<!channel>|<@U0SALES01>/);
    });

    it("R3.1 Claim works on the head only; elsewhere an ephemeral answer gives the position and the head's number", async () => {
      const first = await h.open("price_quote", { name: "An" });
      h.clock.advance(60_000);
      const second = await h.open("price_quote", { name: "Bình" });
      h.clock.advance(60_000);
      const third = await h.open("product_usage", { name: "Chi" });
      await h.deliver();
      expect(blockText(await h.card(third.id, channels.sales))).toContain("Thứ 3 trong hàng");

      const refused = await h.press(users.lan, actions.claim, third.id, { channel: channels.sales });
      expect(refused.statusCode).toBe(200);
      expect(h.ephemeralsFor(channels.sales, users.lan).map((e) => e.text)).toEqual([
        `Ticket #${third.number} is No. 3 in line. Tickets are claimed in order: the head is #${first.number} (use Claim next).`,
      ]);
      expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: third.id } })).status).toBe("ready");

      await h.press(users.lan, actions.claim, first.id, { channel: channels.sales });
      await h.press(users.minh, actions.claim, second.id, { channel: channels.sales });
      await h.deliver();
      const firstCard = await h.card(first.id, channels.sales);
      expect(blockText(firstCard)).toContain(`Đang xử lý · do <@${users.lan}> nhận`);
      expect(buttonsOf(firstCard)).toEqual([
        actions.reply,
        actions.resolve,
        actions.unclaim,
        actions.handBack,
        actions.reroute,
        actions.reassign,
      ]);
      expect(blockText(await h.card(second.id, channels.sales))).toContain(`do <@${users.minh}> nhận`);
      // The third is now the head: its card says so after the updates.
      expect(blockText(await h.card(third.id, channels.sales))).toContain("Thứ 1 trong hàng");
      expect(h.standin.callsTo("chat.update").length).toBeGreaterThan(0);
    });

    it("R3.2 in a long line, cards name positions at the head only: a claim updates the head's cards, not every card behind", async () => {
      const line: { id: string }[] = [];
      for (let i = 0; i < 23; i++) {
        line.push(await h.open("price_quote", { name: `Khách ${i + 1}` }));
        h.clock.advance(1000);
      }
      await h.deliver();
      const cardOf = async (index: number) => blockText(await h.card(line[index]?.id ?? "", channels.sales));
      expect(await cardOf(19)).toContain("Thứ 20 trong hàng");
      expect(await cardOf(20)).toContain("Sau 20 yêu cầu đầu hàng");
      expect(await cardOf(22)).toContain("Sau 20 yêu cầu đầu hàng");

      const updatesBefore = h.standin.callsTo("chat.update").length;
      await h.press(users.lan, actions.claimNext, "sales", { channel: channels.sales });
      // The claim's commit kicks delivery in the background too: wait until every card row is sent.
      for (let round = 0; round < 100; round++) {
        await h.deliver();
        if ((await h.db.prisma.outboxMessage.count({ where: { channel: "slack", status: "pending" } })) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const updated = new Set(
        h.standin
          .callsTo("chat.update")
          .slice(updatesBefore)
          .map((call) => String(call.params.ts)),
      );
      const tsOf = async (index: number) => (await h.card(line[index]?.id ?? "", channels.sales))?.ts ?? "";
      expect(await cardOf(20)).toContain("Thứ 20 trong hàng");
      expect(updated.has(await tsOf(20))).toBe(true);
      for (const behind of [21, 22]) {
        expect(updated.has(await tsOf(behind))).toBe(false);
        expect(await cardOf(behind)).toContain("Sau 20 yêu cầu đầu hàng");
      }
    }, 120_000); // 23 tickets, each card posted and the line refreshed: slow on a loaded machine

    it("R3.1 two staff pressing Claim next at the same instant get different tickets", async () => {
      const a = await h.open("price_quote", { name: "An" });
      h.clock.advance(1000);
      const b = await h.open("price_quote", { name: "Bình" });
      await h.deliver();
      const [one, two] = await Promise.all([
        h.press(users.lan, actions.claimNext, "sales", { channel: channels.sales }),
        h.press(users.minh, actions.claimNext, "sales", { channel: channels.sales }),
      ]);
      expect([one.statusCode, two.statusCode]).toEqual([200, 200]);
      const rows = await h.db.prisma.ticket.findMany({ where: { id: { in: [a.id, b.id] } }, include: {} });
      const claimers = await h.db.prisma.staff.findMany({ where: { slackUserId: { in: [users.lan, users.minh] } } });
      expect(rows.every((t) => t.status === "claimed")).toBe(true);
      expect(new Set(rows.map((t) => t.claimedById))).toEqual(new Set(claimers.map((s) => s.id)));
    });

    it("R4.1 a Sales member pressing Claim on a Technical card is refused, in their language", async () => {
      const ticket = await h.open("hosting_domain");
      await h.deliver();
      expect(ticket.departmentId).toBe("technical");
      const card = await h.card(ticket.id, channels.technical);
      await h.press(users.lan, actions.claim, ticket.id, { channel: channels.technical, ...(card ? { ts: card.ts } : {}) });
      // Lan is not in the Technical channel, so the ephemeral answer cannot reach her there: it comes by DM.
      const dm = h.standin.messages("D0SALES01");
      expect(dm.map((m) => m.text)).toEqual(["This ticket belongs to another department."]);
      expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe("ready");

      // Tuấn's Slack is in Japanese, which the app does not speak: his answers use the policy's default language (vi).
      await h.press(users.tuan, actions.unclaim, ticket.id, { channel: channels.technical });
      expect(h.ephemeralsFor(channels.technical, users.tuan).map((e) => e.text)).toEqual(["Hãy nhận yêu cầu này trước."]);
      await h.press(users.tuan, actions.claim, ticket.id, { channel: channels.technical });
      const tuan = await h.db.prisma.staff.findUniqueOrThrow({ where: { slackUserId: users.tuan } });
      expect(tuan).toMatchObject({ departments: ["technical"], locale: "ja-JP", source: "slack", name: "Tuấn Lê" });
      expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).claimedById).toBe(tuan.id);
    });

    it("unclaim puts the ticket back in the queue and the card shows it", async () => {
      const ticket = await h.open("price_quote");
      await h.press(users.lan, actions.claim, ticket.id, { channel: channels.sales });
      await h.press(users.minh, actions.unclaim, ticket.id, { channel: channels.sales });
      expect(h.ephemeralsFor(channels.sales, users.minh).at(-1)?.text).toBe("Someone else has claimed this ticket.");
      await h.press(users.lan, actions.unclaim, ticket.id, { channel: channels.sales });
      await h.deliver();
      const card = await h.card(ticket.id, channels.sales);
      expect(blockText(card)).toContain("Đang chờ trong hàng đợi");
      expect(buttonsOf(card)).toContain(actions.claim);
    });
  });

  it("R2.6 on a public holiday the card also goes to the general-duty channel, whose members may claim it", async () => {
    h = await slackHarness({ now: "2026-09-02T02:00:00Z" }); // 2/9, National Day, 09:00 in Hanoi
    expect(h.app.tickets.isHolidayNow()).toBe(true);
    const ticket = await h.open("price_quote");
    await h.deliver();
    const dutyCard = await h.card(ticket.id, channels.duty);
    expect(buttonsOf(dutyCard)).toContain(actions.claim);
    await h.press(users.duc, actions.claim, ticket.id, { channel: channels.duty });
    const duc = await h.db.prisma.staff.findUniqueOrThrow({ where: { slackUserId: users.duc } });
    expect(duc).toMatchObject({ generalDuty: true, departments: [], source: "slack" });
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).claimedById).toBe(duc.id);
    await h.deliver();
    expect(blockText(await h.card(ticket.id, channels.duty))).toContain(`do <@${users.duc}> nhận`);
    expect(blockText(await h.card(ticket.id, channels.sales))).toContain(`do <@${users.duc}> nhận`);
  });
});
