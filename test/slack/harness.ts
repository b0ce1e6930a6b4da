import { type App, createApp } from "../../src/app.js";
import { parseEnv } from "../../src/config/env.js";
import type { Policy } from "../../src/policy/policy.schema.js";
import { blockActionsPayload, eventCallback, formBody, type ViewValues, viewSubmissionPayload } from "../fixtures/slack-payloads.js";
import { signSlackRequest } from "../standins/slack-signing.js";
import { startSlackStandin } from "../standins/slack-standin.js";
import { loadDefaultPolicy } from "../support/default-policy.js";
import { FakeClock } from "../support/fake-clock.js";
import { silentLogger } from "../support/logger.js";
import { createTestDatabase } from "../support/test-db.js";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

/** Channels of the test workspace, and who is in them. */
export const channels = { sales: "C0SALES", technical: "C0TECH", design: "C0DESIGN", care: "C0CARE", feed: "C0FEED", duty: "C0DUTY" };
export const users = {
  lan: "U0SALES01", // Sales, English Slack
  minh: "U0SALES02", // Sales
  tuan: "U0TECH01", // Technical, Japanese Slack → policy default (vi)
  hoa: "U0CARE01", // Customer care
  duc: "U0DUTY01", // general duty only
};

export async function slackPolicy(): Promise<Policy> {
  const policy = structuredClone(await loadDefaultPolicy());
  const byId: Record<string, string> = {
    sales: channels.sales,
    technical: channels.technical,
    design: channels.design,
    customer_care: channels.care,
  };
  for (const department of policy.departments) department.slackChannel = byId[department.id];
  policy.customerCare.feedChannel = channels.feed;
  policy.generalDuty.slackChannel = channels.duty;
  return policy;
}

/** The Slack stand-in seeded with the test workspace: the departments' channels and their members. */
export function startTestWorkspace() {
  return startSlackStandin({
    channels: [
      { id: channels.sales, name: "cs-kinh-doanh", members: [users.lan, users.minh] },
      { id: channels.technical, name: "cs-ky-thuat", members: [users.tuan] },
      { id: channels.design, name: "cs-thiet-ke", members: [] },
      { id: channels.care, name: "cs-khach-hang", members: [users.hoa] },
      { id: channels.feed, name: "cs-tat-ca-yeu-cau", members: [users.hoa] },
      { id: channels.duty, name: "cs-truc-le-tet", members: [users.duc] },
    ],
    users: [
      { id: users.lan, name: "lan", realName: "Lan Nguyen", locale: "en-US" },
      { id: users.minh, name: "minh", realName: "Minh Tran", locale: "en-GB" },
      { id: users.tuan, name: "tuan", realName: "Tuấn Lê", locale: "ja-JP" },
      { id: users.hoa, name: "hoa", realName: "Hoa Phạm", locale: "en-US" },
      { id: users.duc, name: "duc", realName: "Đức Võ", locale: "en-US" },
    ],
  });
}

/**
 * The whole app on a fresh database, with Slack pointed at the stand-in; requests are signed like
 * Slack's and go through Fastify's HTTP pipeline (inject). Workers are driven by hand.
 */
export async function slackHarness(options: { now?: string; dataDir?: string; env?: Record<string, string> } = {}) {
  const standin = await startTestWorkspace();
  const db = await createTestDatabase();
  const policy = await slackPolicy();
  const clock = new FakeClock(options.now ?? "2026-11-25T02:00:00Z"); // 09:00 Wed in Hanoi
  const parsed = parseEnv({
    SLACK_BOT_TOKEN: standin.identity.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standin.apiUrl,
    // The fake clock stands still between steps: cards must not wait for the platform's pace.
    OUTBOUND_PACE: "off",
    ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const app: App = await createApp({ env: parsed.env, policy, db, clock, logger: silentLogger });

  let triggers = 0;
  let events = 0;
  let chat = 5000;

  async function send(body: string, contentType: string, sign: { secret?: string; at?: number } = {}) {
    const at = sign.at ?? Math.floor(clock.now().getTime() / 1000);
    const headers = signSlackRequest(sign.secret ?? SIGNING_SECRET, body, at);
    return app.server.inject({ method: "POST", url: "/slack/events", payload: body, headers: { ...headers, "content-type": contentType } });
  }

  const interaction = (payload: unknown) => send(formBody(payload), "application/x-www-form-urlencoded");

  return {
    app,
    db,
    policy,
    clock,
    standin,
    send,
    /** A button pressed on a card (channel + ts of the card) or on App Home (no channel). */
    async press(userId: string, actionId: string, value: string, where: { channel?: string; ts?: string; home?: boolean } = {}) {
      triggers++;
      const payload = blockActionsPayload({
        userId,
        actionId,
        value,
        triggerId: `trigger.${triggers}`,
        ...(where.channel ? { channelId: where.channel } : {}),
        ...(where.ts ? { messageTs: where.ts } : {}),
      }) as unknown as Record<string, unknown>;
      if (where.home) {
        delete payload.channel;
        delete payload.message;
        payload.container = { type: "view", view_id: "V0HOME" };
        payload.view = { id: "V0HOME", type: "home", hash: "1", private_metadata: "", callback_id: "", state: { values: {} } };
      }
      return interaction(payload);
    },
    /** A canned reply chosen in an open Reply modal (a block_actions from the view). */
    async interactCanned(viewId: string, hash: string, privateMetadata: string, cannedId: string, userId = users.lan) {
      const payload = blockActionsPayload({ userId, actionId: "reply_canned", value: cannedId }) as unknown as Record<string, unknown>;
      delete payload.channel;
      delete payload.message;
      payload.container = { type: "view", view_id: viewId };
      payload.view = { id: viewId, type: "modal", hash, private_metadata: privateMetadata, callback_id: "reply", state: { values: {} } };
      payload.actions = [
        {
          type: "static_select",
          action_id: "reply_canned",
          block_id: "reply_canned",
          selected_option: { text: { type: "plain_text", text: cannedId }, value: cannedId },
          action_ts: "1",
        },
      ];
      return interaction(payload);
    },
    /** A modal submitted; `viewId` names the modal when a test submits the same one again. */
    async submit(userId: string, callbackId: string, privateMetadata: string, values: ViewValues, viewId?: string) {
      return interaction(viewSubmissionPayload({ userId, callbackId, privateMetadata, values, ...(viewId ? { viewId } : {}) }));
    },
    /** An Events API callback, recorded then processed from the inbound log. */
    async event<E extends { type: string }>(event: E, eventId?: string) {
      events++;
      const body = JSON.stringify(eventCallback({ eventId: eventId ?? `Ev${events}`, event }));
      const response = await send(body, "application/json");
      await app.inbound.processDue();
      return response;
    },
    async open(categoryId: string, extra: { description?: string; name?: string } = {}) {
      chat++;
      const customer = await app.tickets.identifyCustomer({
        channel: "telegram",
        externalId: String(chat),
        displayName: extra.name ?? "An",
        language: "vi",
      });
      const opened = await app.tickets.open({
        customerId: customer.id,
        channel: "telegram",
        chatId: String(chat),
        language: "vi",
        categoryId,
        description: extra.description ?? `Mô tả ${categoryId}`,
        contact: { name: extra.name ?? "An", phone: "0903123456" },
      });
      if (!opened.ok) throw new Error(`open refused: ${opened.code}`);
      return opened.value.ticket;
    },
    /** Delivers what is due to Slack (customer channels have no sender here: their rows wait). */
    deliver: () => app.delivery.deliverDue(),
    /** What the Telegram channel would do: every customer message delivered. */
    customerDelivered: () =>
      db.prisma.outboxMessage.updateMany({ where: { channel: "telegram", status: "pending" }, data: { status: "sent" } }),
    async cardRef(ticketId: string, channel: string) {
      return db.prisma.slackMessageRef.findFirst({ where: { ticketId, channel } });
    },
    /** The card message of a ticket in a channel, as Slack shows it now. */
    async card(ticketId: string, channel: string) {
      const ref = await db.prisma.slackMessageRef.findFirst({ where: { ticketId, channel } });
      return ref ? standin.messages(channel).find((m) => m.ts === ref.ts) : undefined;
    },
    ephemeralsFor: (channel: string, userId: string) => standin.ephemerals(channel).filter((e) => e.user === userId),
    async close() {
      await app.stop();
      await standin.close();
    },
  };
}

export type SlackHarness = Awaited<ReturnType<typeof slackHarness>>;

/** All text of a message's blocks, for assertions. */
export function blockText(message: { blocks?: unknown[]; text?: string } | undefined): string {
  return JSON.stringify(message?.blocks ?? []);
}

/** The buttons (action ids) of a message. */
export function buttonsOf(message: { blocks?: unknown[] } | undefined): string[] {
  const blocks = (message?.blocks ?? []) as { type: string; elements?: { action_id?: string }[] }[];
  return blocks.filter((b) => b.type === "actions").flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ""));
}
