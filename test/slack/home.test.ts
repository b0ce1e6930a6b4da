import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actions } from "../../src/slack/cards.js";
import { channels, type SlackHarness, slackHarness, users } from "./harness.js";

describe("App Home and the pinned Claim next (R3.1)", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await slackHarness();
  });
  afterEach(() => h.close());

  it("publishes my claimed tickets, my department's queue in order with positions and deadlines, Claim next and today's figures", async () => {
    const first = await h.open("price_quote");
    h.clock.advance(60_000);
    const second = await h.open("product_usage");
    h.clock.advance(60_000);
    const third = await h.open("price_quote");
    await h.press(users.lan, actions.claim, first.id, { channel: channels.sales });

    await h.event({ type: "app_home_opened", user: users.lan, channel: "D0SALES01", tab: "home", event_ts: "1" });
    const home = JSON.stringify(h.standin.homeView(users.lan)?.blocks);
    expect(home).toContain(`#${first.number} · Price quote for products and services · due 02/12/2026 09:00`);
    expect(home).toContain("Sales: 2 waiting");
    expect(home).toContain(`1. #${second.number} · Product usage guidance · due 02/12/2026 09:01 · on track`);
    expect(home).toContain(`2. #${third.number} · Price quote`);
    expect(home).toContain("Today: 3 new · 0 resolved · 0 breached · average rating —");
    expect(home).toContain(actions.claimNext);

    // Claim next from App Home takes the head and refreshes the Home tab.
    await h.press(users.lan, actions.claimNext, "sales", { home: true });
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("claimed");
    expect(JSON.stringify(h.standin.homeView(users.lan)?.blocks)).toContain("Sales: 1 waiting");
    // From App Home there is no channel: the confirmation comes by DM.
    expect(h.standin.messages("D0SALES01").map((m) => m.text)).toEqual([
      `You claimed #${second.number}. Its card now shows you as the claimer.`,
    ]);
  });

  it("someone in no department channel gets an explanation instead of a queue", async () => {
    h.standin.addUser({ id: "U0GUEST01", name: "guest" });
    await h.event({ type: "app_home_opened", user: "U0GUEST01", channel: "D0GUEST01", tab: "home", event_ts: "1" });
    expect(JSON.stringify(h.standin.homeView("U0GUEST01")?.blocks)).toContain("Bạn chưa thuộc kênh của phòng ban nào");
    expect(await h.db.prisma.staff.count({ where: { slackUserId: "U0GUEST01" } })).toBe(0);
  });

  it("at start, each department channel gets one pinned Claim next message", async () => {
    await h.app.start();
    for (const channel of [channels.sales, channels.technical, channels.design, channels.care]) {
      const pinned = h.standin.messages(channel).filter((m) => m.pinned_to?.includes(channel));
      expect(pinned).toHaveLength(1);
      expect(JSON.stringify(pinned[0]?.blocks)).toContain(actions.claimNext);
    }
    expect(await h.db.prisma.slackMessageRef.count({ where: { key: { startsWith: "pin:" } } })).toBe(4);
  });
});
