import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { parseEnv } from "../../src/config/env.js";
import { actions } from "../../src/slack/cards.js";
import { HOME_FRESH_FOR_MS } from "../../src/slack/home-watchers.js";
import { silentLogger } from "../support/logger.js";
import { openSecondInstance } from "../support/test-db.js";
import { channels, SIGNING_SECRET as SLACK_SIGNING_SECRET, type SlackHarness, slackHarness, users } from "./harness.js";

const input = (value: string) => ({ type: "plain_text_input", value }) as const;

describe("App Home stays fresh for those who opened it recently", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await slackHarness();
  });
  afterEach(() => h.close());

  const home = (userId: string) => JSON.stringify(h.standin.homeView(userId)?.blocks ?? []);
  const publishes = (userId: string) => h.standin.callsTo("views.publish").filter((c) => c.params.user_id === userId).length;
  const openHome = (userId: string, channel: string) =>
    h.event({ type: "app_home_opened", user: userId, channel, tab: "home", event_ts: "1" });

  it("a new ticket in my department's queue re-publishes my Home; other departments' and unopened Homes are left alone", async () => {
    await openHome(users.lan, "D0SALES01");
    await openHome(users.tuan, "D0TECH01");
    expect(home(users.lan)).toContain("Sales: 0 waiting");
    const tuanBefore = publishes(users.tuan);

    const ticket = await h.open("price_quote");
    await h.deliver();
    expect(home(users.lan)).toContain("Sales: 1 waiting");
    expect(home(users.lan)).toContain(`1. #${ticket.number} · Price quote`);
    expect(publishes(users.tuan)).toBe(tuanBefore);
    expect(publishes(users.minh)).toBe(0);
  });

  it("my claimed ticket moving to another department leaves my Home and joins the other department's open Home", async () => {
    const ticket = await h.open("price_quote");
    await h.press(users.lan, actions.claim, ticket.id, { channel: channels.sales });
    await h.deliver();
    await openHome(users.lan, "D0SALES01");
    await openHome(users.tuan, "D0TECH01");
    expect(home(users.lan)).toContain(`#${ticket.number} · Price quote for products and services · due`);

    await h.press(users.hoa, actions.reroute, ticket.id, { channel: channels.care });
    const meta = (h.standin.callsTo("views.open").at(-1)?.params.view as { private_metadata: string } | undefined)?.private_metadata ?? "";
    const rerouted = await h.submit(users.hoa, "reroute", meta, {
      department: {
        value: { type: "static_select", selected_option: { text: { type: "plain_text", text: "Technical" }, value: "technical" } },
      },
      reason: { value: input("Khách hỏi về lỗi kỹ thuật.") },
    });
    expect(rerouted.body).toBe("");
    await h.deliver();
    expect(home(users.lan)).toContain("Nothing claimed.");
    expect(home(users.lan)).not.toContain(`#${ticket.number}`);
    expect(home(users.tuan)).toContain(`1. #${ticket.number}`);
  });

  it(`a Home opened more than ${HOME_FRESH_FOR_MS / 60_000} minutes ago is not re-published; an unchanged Home is not sent again`, async () => {
    await openHome(users.lan, "D0SALES01");
    const opened = publishes(users.lan);
    // A change elsewhere (Technical) changes nothing on Lan's Home: nothing is sent.
    await h.open("hosting_domain");
    await h.deliver();
    expect(publishes(users.lan)).toBe(opened);

    h.clock.advance(HOME_FRESH_FOR_MS + 60_000);
    await h.open("price_quote");
    await h.deliver();
    expect(publishes(users.lan)).toBe(opened);
    expect(home(users.lan)).toContain("Sales: 0 waiting");
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "two instances: a Home opened through one is re-published when the other changes a ticket it shows",
    async () => {
      const parsed = parseEnv({
        SLACK_BOT_TOKEN: h.standin.identity.token,
        SLACK_SIGNING_SECRET,
        SLACK_API_URL: h.standin.apiUrl,
        OUTBOUND_PACE: "off",
      });
      if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
      const secondDb = await openSecondInstance(h.db);
      const second = await createApp({ env: parsed.env, policy: h.policy, db: secondDb, clock: h.clock, logger: silentLogger });
      try {
        await openHome(users.lan, "D0SALES01");
        expect(home(users.lan)).toContain("Sales: 0 waiting");

        const customer = await second.tickets.identifyCustomer({
          channel: "telegram",
          externalId: "7001",
          displayName: "An",
          language: "vi",
        });
        const opened = await second.tickets.open({
          customerId: customer.id,
          channel: "telegram",
          chatId: "7001",
          language: "vi",
          categoryId: "price_quote",
          description: "Báo giá gói hosting",
          contact: { name: "An", phone: "0903123456" },
        });
        if (!opened.ok) throw new Error(opened.code);
        await second.delivery.deliverDue();
        expect(home(users.lan)).toContain("Sales: 1 waiting");
        expect(home(users.lan)).toContain(`1. #${opened.value.ticket.number}`);
      } finally {
        await second.stop();
        await secondDb.close();
      }
    },
  );
});
