import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actions } from "../../src/slack/cards.js";
import { blockText, buttonsOf, channels, type SlackHarness, slackHarness, users } from "./harness.js";

const input = (value: string) => ({ type: "plain_text_input", value }) as const;

describe("Customer care: approvals, hand back, reroute, reassign (R1.5, R4.1)", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await slackHarness();
  });
  afterEach(() => h.close());

  const ticketOf = (id: string) => h.db.prisma.ticket.findUniqueOrThrow({ where: { id } });
  async function modalFor(userId: string, actionId: string, ticketId: string, channel: string): Promise<string> {
    await h.press(userId, actionId, ticketId, { channel });
    const view = h.standin.callsTo("views.open").at(-1)?.params.view as { private_metadata: string; callback_id: string } | undefined;
    return view?.private_metadata ?? "";
  }

  it("R1.5 an awaiting-approval ticket gets an approval card in Customer care's channel; Approve puts it in its queue", async () => {
    const ticket = await h.open("contract_transfer");
    expect(ticket.status).toBe("awaiting_approval");
    await h.deliver();
    const card = await h.card(ticket.id, channels.care);
    expect(buttonsOf(card)).toEqual([actions.approve, actions.reject, actions.reroute]);

    await h.press(users.lan, actions.approve, ticket.id, { channel: channels.sales });
    expect(h.ephemeralsFor(channels.sales, users.lan).map((e) => e.text)).toEqual(["Only Customer care can do this."]);
    await h.press(users.hoa, actions.approve, ticket.id, { channel: channels.care });
    expect((await ticketOf(ticket.id)).status).toBe("ready");
    await h.deliver();
    expect(buttonsOf(await h.card(ticket.id, channels.care))).toEqual([actions.claim, actions.reroute]);
  });

  it("R1.5 Reject needs a reason, which reaches the customer in writing", async () => {
    const ticket = await h.open("contract_transfer");
    const meta = await modalFor(users.hoa, actions.reject, ticket.id, channels.care);
    const empty = await h.submit(users.hoa, "reject", meta, { reason: { value: input("  ") } });
    expect(empty.json()).toEqual({ response_action: "errors", errors: { reason: "A reason is required." } });
    const done = await h.submit(users.hoa, "reject", meta, { reason: { value: input("Hợp đồng chưa đủ điều kiện chuyển nhượng.") } });
    expect(done.body).toBe("");
    expect((await ticketOf(ticket.id)).status).toBe("rejected");
    const reply = await h.db.prisma.outboxMessage.findFirst({ where: { ticketId: ticket.id, channel: "telegram", kind: "reply" } });
    expect(JSON.stringify(reply?.payload)).toContain("Hợp đồng chưa đủ điều kiện chuyển nhượng.");
    await h.deliver();
    expect(blockText(await h.card(ticket.id, channels.care))).toContain("Bị từ chối");
  });

  it("Hand back (reason required) sends the ticket to Customer care, who reroutes it to another department", async () => {
    const ticket = await h.open("hosting_domain");
    await h.press(users.tuan, actions.claim, ticket.id, { channel: channels.technical });
    await h.deliver();
    const meta = await modalFor(users.tuan, actions.handBack, ticket.id, channels.technical);
    const handed = await h.submit(users.tuan, "hand_back", meta, {
      reason: { value: input("Khách hỏi về giá, không phải sự cố kỹ thuật.") },
    });
    expect(handed.body).toBe("");
    expect(await ticketOf(ticket.id)).toMatchObject({ departmentId: "customer_care", status: "ready", claimedById: null });
    await h.deliver();
    expect(buttonsOf(await h.card(ticket.id, channels.care))).toEqual([actions.claim, actions.reroute]);
    const left = await h.card(ticket.id, channels.technical);
    expect(buttonsOf(left)).toEqual([]);
    expect(blockText(left)).toContain("Yêu cầu này hiện do Phòng Chăm sóc khách hàng xử lý.");

    const rerouteMeta = await modalFor(users.hoa, actions.reroute, ticket.id, channels.care);
    const modal = h.standin.callsTo("views.open").at(-1)?.params.view as {
      blocks: { block_id: string; element?: { options?: { value: string }[] } }[];
    };
    expect(modal.blocks.find((b) => b.block_id === "department")?.element?.options?.map((o) => o.value)).toEqual([
      "sales",
      "technical",
      "design",
    ]);
    const rerouted = await h.submit(users.hoa, "reroute", rerouteMeta, {
      department: { value: { type: "static_select", selected_option: { text: { type: "plain_text", text: "Sales" }, value: "sales" } } },
      reason: { value: input("Báo giá thuộc Phòng kinh doanh.") },
    });
    expect(rerouted.body).toBe("");
    expect((await ticketOf(ticket.id)).departmentId).toBe("sales");
    await h.deliver();
    expect(buttonsOf(await h.card(ticket.id, channels.sales))).toContain(actions.claim);
    expect(buttonsOf(await h.card(ticket.id, channels.care))).toEqual([]);
    const events = (await h.app.tickets.timeline(ticket.id)).map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(["claimed", "handed_back", "rerouted"]));
  });

  it("Reassign (Customer care only, reason required) moves a claimed ticket to another member of its department", async () => {
    const ticket = await h.open("price_quote");
    await h.press(users.lan, actions.claim, ticket.id, { channel: channels.sales });
    await h.press(users.minh, actions.reassign, ticket.id, { channel: channels.sales });
    expect(h.ephemeralsFor(channels.sales, users.minh).map((e) => e.text)).toEqual(["Only Customer care can do this."]);

    const meta = await modalFor(users.hoa, actions.reassign, ticket.id, channels.care);
    const toTech = await h.submit(users.hoa, "reassign", meta, {
      assignee: { value: { type: "users_select", selected_user: users.tuan } },
      reason: { value: input("Lan nghỉ phép.") },
    });
    expect(toTech.json()).toEqual({
      response_action: "errors",
      errors: { assignee: "Choose an active member of the ticket's department." },
    });
    const done = await h.submit(users.hoa, "reassign", meta, {
      assignee: { value: { type: "users_select", selected_user: users.minh } },
      reason: { value: input("Lan nghỉ phép.") },
    });
    expect(done.body).toBe("");
    const minh = await h.db.prisma.staff.findUniqueOrThrow({ where: { slackUserId: users.minh } });
    expect((await ticketOf(ticket.id)).claimedById).toBe(minh.id);
    await h.deliver();
    expect(blockText(await h.card(ticket.id, channels.sales))).toContain(`do <@${users.minh}> nhận`);
  });
});
