import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actions } from "../../src/slack/cards.js";
import { blockText, buttonsOf, channels, type SlackHarness, slackHarness, users } from "./harness.js";

const input = (value: string) => ({ type: "plain_text_input", value }) as const;

describe("R4.2 R1.5 satisfaction cases in Customer care", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await slackHarness();
  });
  afterEach(() => h.close());

  /** Presses a card button that opens a modal; returns the modal's private_metadata. */
  async function modalFor(userId: string, actionId: string, ticketId: string, channel: string): Promise<string> {
    await h.press(userId, actionId, ticketId, { channel });
    const view = h.standin.callsTo("views.open").at(-1)?.params.view as { private_metadata: string } | undefined;
    return view?.private_metadata ?? "";
  }

  /** Claim, a delivered written reply, resolve: all through signed Slack requests. */
  async function work(userId: string, ticketId: string, channel: string, reply: string, resolution: string) {
    await h.press(userId, actions.claim, ticketId, { channel });
    const replyMeta = await modalFor(userId, actions.reply, ticketId, channel);
    expect((await h.submit(userId, "reply", replyMeta, { reply_text: { value: input(reply) } })).body).toBe("");
    await h.customerDelivered();
    const resolveMeta = await modalFor(userId, actions.resolve, ticketId, channel);
    expect((await h.submit(userId, "resolve", resolveMeta, { resolution: { value: input(resolution) } })).body).toBe("");
  }

  it("R4.2 a 2★ rating opens a case whose card reaches Customer care's channel, naming the ticket, the stars and the comment", async () => {
    const ticket = await h.open("price_quote");
    await work(users.lan, ticket.id, channels.sales, "Giá gói A là 1.000.000đ/năm.", "Đã gửi báo giá.");
    const rated = await h.app.tickets.rate(ticket.customerId, ticket.id, 2, "Trả lời chậm quá");
    if (!rated.ok) throw new Error(rated.code);
    const satisfactionCase = rated.value.satisfactionCase;
    expect(satisfactionCase).toMatchObject({ kind: "satisfaction", departmentId: "customer_care", status: "ready" });
    await h.deliver();

    const card = await h.card(satisfactionCase?.id ?? "", channels.care);
    const text = blockText(card);
    expect(text).toContain(`Phản ánh mức độ hài lòng về #${ticket.number}: khách chấm 2★`);
    expect(text).toContain("Nhận xét của khách: Trả lời chậm quá");
    expect(buttonsOf(card)).toEqual([actions.claim, actions.reroute]);
    // Not in the department that worked the rated ticket.
    expect(await h.card(satisfactionCase?.id ?? "", channels.sales)).toBeUndefined();
  });

  it("R1.5 the case is claimed, answered and resolved by Customer care; Sales may not claim it", async () => {
    const ticket = await h.open("price_quote");
    await work(users.lan, ticket.id, channels.sales, "Giá gói A là 1.000.000đ/năm.", "Đã gửi báo giá.");
    const rated = await h.app.tickets.rate(ticket.customerId, ticket.id, 1);
    const caseId = rated.ok ? (rated.value.satisfactionCase?.id ?? "") : "";
    await h.deliver();
    expect(blockText(await h.card(caseId, channels.care))).toContain("khách chấm 1★");
    expect(blockText(await h.card(caseId, channels.care))).toContain("Khách không để lại nhận xét.");

    // Lan (Sales) is not in Customer care's channel, so the refusal comes by DM; the case still waits.
    await h.press(users.lan, actions.claim, caseId, { channel: channels.care });
    expect(h.standin.messages("D0SALES01").map((m) => m.text)).toEqual(["This ticket belongs to another department."]);
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: caseId } })).status).toBe("ready");

    await work(users.hoa, caseId, channels.care, "Chúng tôi xin lỗi vì đã phản hồi chậm.", "Đã liên hệ và xin lỗi quý khách.");
    const hoa = await h.db.prisma.staff.findUniqueOrThrow({ where: { slackUserId: users.hoa } });
    expect(await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({
      status: "resolved",
      claimedById: hoa.id,
    });
    const sent = await h.db.prisma.message.findMany({ where: { ticketId: caseId, direction: "out" }, orderBy: { seq: "asc" } });
    expect(sent.map((m) => m.text)).toEqual([
      `${h.policy.replies.greeting.vi},\nChúng tôi xin lỗi vì đã phản hồi chậm.`,
      `${h.policy.replies.greeting.vi},\nĐã liên hệ và xin lỗi quý khách.`,
    ]);
    await h.deliver();
    const card = await h.card(caseId, channels.care);
    expect(blockText(card)).toContain("Đã xử lý xong");
    expect(buttonsOf(card)).toEqual([]);
  });

  it("R4.2 a 3★ rating opens no case", async () => {
    const ticket = await h.open("price_quote");
    await work(users.lan, ticket.id, channels.sales, "Giá gói A là 1.000.000đ/năm.", "Đã gửi báo giá.");
    const rated = await h.app.tickets.rate(ticket.customerId, ticket.id, 3, "Tạm được");
    expect(rated.ok && rated.value.satisfactionCase).toBe(null);
    expect(await h.db.prisma.ticket.count({ where: { kind: "satisfaction" } })).toBe(0);
  });
});
