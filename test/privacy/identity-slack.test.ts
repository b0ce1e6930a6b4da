import { afterEach, describe, expect, it } from "vitest";
import { actions } from "../../src/slack/cards.js";
import { VERIFY_ACTION } from "../../src/slack/modals.js";
import { channels, type SlackHarness, slackHarness, users } from "../slack/harness.js";

/** The Slack Reply modal warns before account work on an unverified contact, and its button sends the code. */

let h: SlackHarness | undefined;
afterEach(() => h?.close());

type Block = { block_id?: string; text?: { text?: string }; accessory?: { action_id?: string; value?: string } };

async function replyModalBlocks(harness: SlackHarness, ticketId: string): Promise<Block[]> {
  await harness.press(users.lan, actions.claim, ticketId, { channel: channels.sales });
  await harness.deliver();
  const ts = (await harness.card(ticketId, channels.sales))?.ts ?? "";
  await harness.press(users.lan, actions.reply, ticketId, { channel: channels.sales, ts });
  const view = harness.standin.callsTo("views.open").at(-1)?.params.view as { blocks: Block[] };
  return view.blocks;
}

describe("identity before account work, in Slack", () => {
  it("warns in the Reply modal of a marked category and sends the customer a code from its button", async () => {
    h = await slackHarness();
    const ticket = await h.open("login_accounts");
    const warning = (await replyModalBlocks(h, ticket.id)).find((b) => b.block_id === "identity_warning");
    expect(warning?.text?.text).toContain("NOT verified");
    expect(warning?.accessory).toMatchObject({ action_id: VERIFY_ACTION, value: ticket.id });

    await h.press(users.lan, VERIFY_ACTION, ticket.id, { channel: channels.sales });
    const request = await h.db.prisma.privacyRequest.findFirstOrThrow();
    expect(request).toMatchObject({ kind: "verify", state: "awaiting_code", ticketId: ticket.id, channel: "telegram" });
    expect(request.codeHash).toMatch(/^[0-9a-f]{64}$/);
    const toCustomer = await h.db.prisma.outboxMessage.findMany({ where: { channel: "telegram", ticketId: ticket.id } });
    expect(JSON.stringify(toCustomer.map((r) => r.payload))).toContain("tickets:privacy.code.verify");
  });

  it("shows no warning for a category that changes no account", async () => {
    h = await slackHarness();
    const ticket = await h.open("price_quote");
    expect((await replyModalBlocks(h, ticket.id)).some((b) => b.block_id === "identity_warning")).toBe(false);
  });
});
