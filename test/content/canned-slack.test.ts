import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actions } from "../../src/slack/cards.js";
import { channels, type SlackHarness, slackHarness, users } from "../slack/harness.js";
import { careAdmin } from "./care-admin.js";

type Option = { text: { text: string }; value: string };
type Block = { block_id?: string; elements?: { options?: Option[] }[]; element?: { initial_value?: string } };

/** Canned replies edited in the console are what the Slack Reply modal offers, at once; App Home shows running notices. */
describe("content edited live, in Slack", () => {
  let h: SlackHarness;
  let ticketId: string;
  beforeEach(async () => {
    h = await slackHarness();
    const ticket = await h.open("price_quote", { name: "An" });
    ticketId = ticket.id;
    await h.press(users.lan, actions.claim, ticketId, { channel: channels.sales });
    await h.deliver();
  });
  afterEach(() => h.close());

  async function openReplyModal() {
    await h.press(users.lan, actions.reply, ticketId, { channel: channels.sales });
    const view = h.standin.callsTo("views.open").at(-1)?.params.view as { blocks: Block[] };
    const modal = h.standin.views.at(-1);
    const options = view.blocks.find((b) => b.block_id === "reply_canned")?.elements?.[0]?.options ?? [];
    return { modal, options };
  }

  it("an edited canned reply and a new one for the ticket's department appear in the Reply modal; another department's do not", async () => {
    const admin = await careAdmin(h.app);
    const edited = {
      id: "received",
      department: null,
      title: { vi: "Đã nhận (mới)", en: "Received (new)" },
      text: { vi: "Chúng tôi đã nhận yêu cầu và sẽ báo giá trong 2 giờ làm việc.", en: "We will send the quote within 2 working hours." },
    };
    expect((await admin.post("/console/api/content/canned", edited)).json()).toEqual({ ok: true, action: "updated" });
    const salesOnly = {
      id: "quote_sent",
      department: "sales",
      title: { vi: "Đã gửi báo giá", en: "Quote sent" },
      text: { vi: "Báo giá đã được gửi tới email của quý khách.", en: "The quote was sent to your email." },
    };
    expect((await admin.post("/console/api/content/canned", salesOnly)).json()).toEqual({ ok: true, action: "created" });
    const technicalOnly = { ...salesOnly, id: "dns_check", department: "technical", title: { vi: "Kiểm tra DNS", en: "DNS check" } };
    expect((await admin.post("/console/api/content/canned", technicalOnly)).statusCode).toBe(200);

    const { modal, options } = await openReplyModal();
    const values = options.map((o) => o.value);
    expect(values).toContain("received");
    expect(values).toContain("quote_sent");
    expect(values).not.toContain("dns_check");
    // Lan's Slack locale is English: titles in English.
    expect(options.find((o) => o.value === "received")?.text.text).toBe("Received (new)");

    // Choosing it refills the box with the new text, in the customer's language.
    await h.interactCanned(modal?.id ?? "", String(modal?.hash), String(modal?.private_metadata), "received");
    const update = h.standin.callsTo("views.update").at(-1);
    const blocks = (update?.params.view as { blocks?: Block[] } | undefined)?.blocks ?? [];
    expect(blocks.find((b) => b.block_id?.startsWith("reply_text"))?.element?.initial_value).toBe(edited.text.vi);
  });

  it("a disabled canned reply is no longer offered; an unknown department is refused", async () => {
    const admin = await careAdmin(h.app);
    const canned = h.policy.replies.canned[0];
    if (!canned) throw new Error("the policy has no canned reply");
    await admin.post("/console/api/content/canned", { ...canned, department: null, enabled: false });
    const { options } = await openReplyModal();
    expect(options.map((o) => o.value)).not.toContain(canned.id);

    const refused = await admin.post("/console/api/content/canned", { ...canned, department: "marketing" });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: "unknown_department" });
  });

  it("App Home shows the service notice customers are reading, until it ends", async () => {
    const admin = await careAdmin(h.app);
    const endsAt = new Date(h.clock.now().getTime() + 3600_000).toISOString();
    const text = { vi: "Máy chủ email đang gặp sự cố", en: "The email server is down" };
    expect((await admin.post("/console/api/content/notices", { text, categories: ["email_accounts"], endsAt })).statusCode).toBe(200);
    await h.event({ type: "app_home_opened", user: users.lan, channel: "D0SALES01", tab: "home", event_ts: "1" });
    expect(JSON.stringify(h.standin.homeView(users.lan)?.blocks)).toContain(
      "Notice shown to customers (until 25/11/2026 10:00): The email server is down",
    );
    h.clock.advance(3600_000);
    await h.event({ type: "app_home_opened", user: users.lan, channel: "D0SALES01", tab: "home", event_ts: "2" });
    expect(JSON.stringify(h.standin.homeView(users.lan)?.blocks)).not.toContain("The email server is down");
  });
});
