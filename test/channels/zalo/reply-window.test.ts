import { afterEach, describe, expect, it } from "vitest";
import { actions } from "../../../src/slack/cards.js";
import { addStaffAccount } from "../../../src/web/staff-accounts.js";
import { blockActionsPayload, formBody, type ViewValues, viewSubmissionPayload } from "../../fixtures/slack-payloads.js";
import { channels, SIGNING_SECRET, slackPolicy, users } from "../../slack/harness.js";
import { signSlackRequest } from "../../standins/slack-signing.js";
import { type SlackStandin, startSlackStandin } from "../../standins/slack-standin.js";
import { type SmtpStandin, startSmtpStandin } from "../../standins/smtp-standin.js";
import { USER, type ZaloHarness, zaloHarness } from "./harness.js";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const PASSWORD = "correct horse battery";
const input = (value: string) => ({ type: "plain_text_input", value }) as const;
/** Three stand-ins and a whole intake per test; the first test of the file also loads Bolt: slow on a loaded machine. */
const SLOW = { timeout: 60_000 };
const ticked = { type: "checkboxes", selected_options: [{ text: { type: "plain_text", text: "ok" }, value: "paid" }] } as const;

let h: ZaloHarness | undefined;
let slack: SlackStandin | undefined;
let smtp: SmtpStandin | undefined;
afterEach(async () => {
  await h?.app.stop();
  await Promise.all([h?.standin.close(), slack?.close(), smtp?.close()]);
  h = slack = smtp = undefined;
});

/**
 * The product with the Zalo OA stand-in, the Slack stand-in (Tuấn in Technical), an SMTP stand-in
 * for the support mailbox (its IMAP side is never started) and the console.
 */
async function world() {
  slack = await startSlackStandin({
    channels: [{ id: channels.technical, name: "cs-ky-thuat", members: [users.tuan] }],
    users: [{ id: users.tuan, name: "tuan", realName: "Tuấn Lê", locale: "vi-VN" }],
  });
  smtp = await startSmtpStandin();
  const policy = await slackPolicy();
  h = await zaloHarness({
    policy: () => policy,
    env: {
      SLACK_BOT_TOKEN: slack.identity.token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      EMAIL_IMAP_URL: "imap://u:p@127.0.0.1:9",
      EMAIL_SMTP_URL: smtp.url,
      EMAIL_FROM: "hotro@congty.vn",
    },
  });
  return { h, slack, smtp };
}

/** A technical request opened on Zalo through the intake form, the customer giving an email address or not. */
async function openRequest(harness: ZaloHarness, email?: string) {
  await harness.press("menu:new");
  await harness.press("cat:hosting_domain");
  await harness.say("SSL hết hạn");
  await harness.say("xong");
  await harness.press("in:consent_yes");
  await harness.say("Võ Hà");
  await harness.say(email ?? "0903123456");
  await harness.press("in:skip");
  await harness.press("in:confirm");
  const ticket = await harness.db.prisma.ticket.findUniqueOrThrow({ where: { number: 1 } });
  await harness.settle();
  harness.since();
  return ticket;
}

function slackClient(harness: ZaloHarness, standin: SlackStandin) {
  let triggers = 0;
  const send = (payload: unknown) => {
    const body = formBody(payload);
    const headers = signSlackRequest(SIGNING_SECRET, body, Math.floor(harness.clock.now().getTime() / 1000));
    return harness.app.server.inject({
      method: "POST",
      url: "/slack/events",
      payload: body,
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
    });
  };
  const cardTs = async (ticketId: string) =>
    (await harness.db.prisma.slackMessageRef.findFirstOrThrow({ where: { ticketId, channel: channels.technical } })).ts;
  const press = async (actionId: string, ticketId: string) =>
    send(
      blockActionsPayload({
        userId: users.tuan,
        actionId,
        value: ticketId,
        triggerId: `trigger.${++triggers}`,
        channelId: channels.technical,
        messageTs: await cardTs(ticketId),
      }),
    );
  /** Presses a button that opens a modal; the modal Slack was asked to show. */
  const openModal = async (actionId: string, ticketId: string) => {
    await press(actionId, ticketId);
    return standin.callsTo("views.open").at(-1)?.params.view as { private_metadata: string; blocks: { block_id?: string }[] };
  };
  const submit = (callbackId: string, privateMetadata: string, values: ViewValues) =>
    send(viewSubmissionPayload({ userId: users.tuan, callbackId, privateMetadata, values }));
  return { press, openModal, submit };
}

const blockIds = (view: { blocks: { block_id?: string }[] }) => view.blocks.map((b) => b.block_id);
const zaloReplies = (harness: ZaloHarness, ticketId: string) =>
  harness.db.prisma.outboxMessage.findMany({ where: { ticketId, channel: "zalo", kind: "reply" } });

async function consoleSession(harness: ZaloHarness) {
  const added = await addStaffAccount(harness.app.tickets, harness.policy, {
    login: "kt",
    name: "KT",
    departments: ["technical"],
    password: PASSWORD,
  });
  if (!added.ok) throw new Error(added.code);
  let headers: Record<string, string> = {};
  /** Signs in (again: a session ends when the clock jumps days ahead). */
  const signIn = async () => {
    const response = await harness.app.server.inject({
      method: "POST",
      url: "/console/api/sign-in",
      payload: { login: "kt", password: PASSWORD },
    });
    const cookie = String(response.headers["set-cookie"]).split(";")[0] ?? "";
    headers = { cookie, "x-csrf-token": (response.json() as { csrf: string }).csrf, "x-lang": "en" };
  };
  await signIn();
  return {
    signIn,
    get: (url: string) => harness.app.server.inject({ method: "GET", url, headers }),
    post: (url: string, payload: object = {}) => harness.app.server.inject({ method: "POST", url, payload, headers }),
  };
}

describe("Zalo's reply window from the Slack Reply modal", SLOW, () => {
  it("at 47 h the modal says nothing of the window and the reply goes to Zalo as usual", async () => {
    const { h, slack } = await world();
    const ticket = await openRequest(h);
    const s = slackClient(h, slack);
    await s.press(actions.claim, ticket.id);
    h.clock.advance(47 * HOUR);
    const view = await s.openModal(actions.reply, ticket.id);
    expect(blockIds(view)).not.toContain("reply_window");
    const submitted = await s.submit("reply", view.private_metadata, { reply_text: { value: input("Đã gia hạn SSL.") } });
    expect(submitted.body).toBe("");
    await h.settle();
    expect(h.last()).toContain("Đã gia hạn SSL.");
  });

  it("at 72 h the reply is a paid message: refused until the box is ticked, then sent to Zalo", async () => {
    const { h, slack } = await world();
    const ticket = await openRequest(h);
    const s = slackClient(h, slack);
    await s.press(actions.claim, ticket.id);
    h.clock.advance(72 * HOUR);
    const view = await s.openModal(actions.reply, ticket.id);
    expect(blockIds(view)).toEqual(expect.arrayContaining(["reply_window", "paid_confirm"]));
    expect(JSON.stringify(view.blocks)).toContain("tin tính phí");

    // Slack asks for a required box itself; the server refuses anyway when it comes unticked.
    const refused = await s.submit("reply", view.private_metadata, {
      reply_text: { value: input("Đã gia hạn SSL.") },
      paid_confirm: { value: { type: "checkboxes", selected_options: [] } },
    });
    expect(refused.json()).toMatchObject({ response_action: "errors", errors: { paid_confirm: expect.stringContaining("tính phí") } });
    expect(await zaloReplies(h, ticket.id)).toHaveLength(0);
    expect(await h.db.prisma.message.count({ where: { ticketId: ticket.id, direction: "out" } })).toBe(0);

    const sent = await s.submit("reply", view.private_metadata, {
      reply_text: { value: input("Đã gia hạn SSL.") },
      paid_confirm: { value: ticked as never },
    });
    expect(sent.body).toBe("");
    await h.settle();
    expect(h.last()).toContain("Đã gia hạn SSL.");
    const replied = await h.db.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: ticket.id, type: "replied" } });
    expect(replied.data).toMatchObject({ paid: true });
  });

  it("at 8 days the reply is kept, sent by email, the staff member is told, and the ticket page shows it", async () => {
    const { h, slack, smtp } = await world();
    const ticket = await openRequest(h, "vo.ha@congty.vn");
    const s = slackClient(h, slack);
    await s.press(actions.claim, ticket.id);
    h.clock.advance(8 * DAY);
    const view = await s.openModal(actions.reply, ticket.id);
    expect(blockIds(view)).toContain("reply_window");
    expect(blockIds(view)).not.toContain("paid_confirm");

    const submitted = await s.submit("reply", view.private_metadata, { reply_text: { value: input("Đã gia hạn SSL.") } });
    expect(submitted.body).toBe("");
    await h.settle();
    expect(h.texts().join("\n")).not.toContain("Đã gia hạn SSL.");
    expect(await zaloReplies(h, ticket.id)).toHaveLength(0);
    const mail = smtp.mails.find((m) => m.parsed.text?.includes("Đã gia hạn SSL."));
    expect(mail?.to).toEqual(["vo.ha@congty.vn"]);
    const told = slack.ephemerals(channels.technical).filter((e) => e.user === users.tuan);
    expect(told.at(-1)?.text).toContain("qua email");

    const console = await consoleSession(h);
    const detail = (await console.get(`/console/api/tickets/${ticket.id}`)).json() as { link: string };
    const page = await h.app.server.inject({ method: "GET", url: new URL(detail.link).pathname });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Đã gia hạn SSL.");
    // R3.3: the mail that reached the customer counts as a delivered reply, so the ticket can be resolved.
    expect((await h.app.tickets.resolve((await h.app.tickets.staffBySlackUser(users.tuan))?.id ?? "", ticket.id, "Đã xong.")).ok).toBe(
      true,
    );
  });
});

describe("Zalo's reply window from the console", SLOW, () => {
  it("at 72 h the console refuses the reply until the paid message is confirmed", async () => {
    const { h } = await world();
    const ticket = await openRequest(h);
    const console = await consoleSession(h);
    expect((await console.post(`/console/api/tickets/${ticket.id}/claim`)).statusCode).toBe(200);
    h.clock.advance(72 * HOUR);
    await console.signIn();
    const detail = (await console.get(`/console/api/tickets/${ticket.id}`)).json() as { replyWindow: { state: string } };
    expect(detail.replyWindow.state).toBe("paid");

    const refused = await console.post(`/console/api/tickets/${ticket.id}/reply`, { text: "Đã gia hạn SSL." });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ ok: false, error: "paid_message", message: expect.stringContaining("paid message") });
    expect(await zaloReplies(h, ticket.id)).toHaveLength(0);

    const sent = await console.post(`/console/api/tickets/${ticket.id}/reply`, { text: "Đã gia hạn SSL.", confirmPaid: true });
    expect(sent.json()).toEqual({ ok: true, reach: "channel" });
    await h.settle();
    expect(h.last()).toContain("Đã gia hạn SSL.");
  });

  it("at 8 days with no email on file the reply is kept on the ticket and the console says it could not be sent", async () => {
    const { h } = await world();
    const ticket = await openRequest(h);
    const console = await consoleSession(h);
    await console.post(`/console/api/tickets/${ticket.id}/claim`);
    h.clock.advance(8 * DAY);
    await console.signIn();
    const sent = await console.post(`/console/api/tickets/${ticket.id}/reply`, { text: "Đã gia hạn SSL." });
    expect(sent.json()).toEqual({ ok: true, reach: "none" });
    await h.settle();
    expect(await zaloReplies(h, ticket.id)).toHaveLength(0);
    expect(
      await h.db.prisma.message.count({ where: { ticketId: ticket.id, direction: "out", text: { contains: "Đã gia hạn SSL." } } }),
    ).toBe(1);
    const notSent = await h.db.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: ticket.id, type: "not_sent" } });
    expect(notSent.data).toMatchObject({ reason: "reply_window_closed", kind: "reply" });
  });
});

describe("the customer's last interaction and the notices", SLOW, () => {
  it("a sticker from the customer at 72 h opens a new free window: the reply needs no confirmation", async () => {
    const { h } = await world();
    const ticket = await openRequest(h);
    const console = await consoleSession(h);
    await console.post(`/console/api/tickets/${ticket.id}/claim`);
    h.clock.advance(72 * HOUR);
    await console.signIn();
    await h.post({ ...h.textEvent(""), event_name: "user_send_sticker", message: { msg_id: "st-1", attachments: [{ type: "sticker" }] } });
    const sent = await console.post(`/console/api/tickets/${ticket.id}/reply`, { text: "Đã gia hạn SSL." });
    expect(sent.json()).toEqual({ ok: true, reach: "channel" });
    const identity = await h.db.prisma.customerIdentity.findFirstOrThrow({ where: { channel: "zalo", externalId: USER } });
    expect(identity.lastInteractionAt).toEqual(h.clock.now());
  });

  it("R4.2 the rating request at 8 days is not sent over Zalo: it goes by email with the resolution", async () => {
    const { h, smtp } = await world();
    const ticket = await openRequest(h, "vo.ha@congty.vn");
    const console = await consoleSession(h);
    await console.post(`/console/api/tickets/${ticket.id}/claim`);
    await console.post(`/console/api/tickets/${ticket.id}/reply`, { text: "Chúng tôi đang kiểm tra chứng chỉ SSL." });
    await h.settle();
    const sentBefore = h.standin.sent(USER).length;
    h.clock.advance(8 * DAY);
    const late = h.clock.now();
    await console.signIn();
    const resolved = await console.post(`/console/api/tickets/${ticket.id}/resolve`, { text: "Đã gia hạn SSL." });
    expect(resolved.json()).toEqual({ ok: true, reach: "email" });
    await h.settle();
    expect(h.standin.sent(USER)).toHaveLength(sentBefore);
    expect(await h.db.prisma.outboxMessage.count({ where: { ticketId: ticket.id, channel: "zalo", createdAt: { gte: late } } })).toBe(0);
    const rows = await h.db.prisma.outboxMessage.findMany({ where: { ticketId: ticket.id, channel: "email" }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.kind)).toEqual(["reply", "message"]);
    expect(JSON.stringify(rows[1]?.payload)).toContain("rate_prompt");
    expect(smtp.mails.map((m) => m.to)).toEqual([["vo.ha@congty.vn"], ["vo.ha@congty.vn"]]);
  });
});
