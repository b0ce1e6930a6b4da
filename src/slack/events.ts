import type { App } from "@slack/bolt";
import { openHome } from "./home.js";
import { refusalText } from "./refusals.js";
import { tellStaff } from "./respond.js";
import type { SlackContext } from "./slack-context.js";

interface MessageFields {
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
}

/**
 * Events API listeners (run from the inbound log, so each event_id is handled once):
 * staff chatter in a card's thread becomes an internal note, never sent to the customer;
 * opening App Home publishes it.
 */
export function registerEvents(app: App, ctx: SlackContext): void {
  app.event("message", async ({ event }) => {
    const message = event as unknown as MessageFields;
    // Bots (our own thread posts included), edits and joins are not chatter.
    if (message.subtype !== undefined || message.bot_id !== undefined || !message.user) return;
    if (!message.thread_ts || message.thread_ts === message.ts || !message.text?.trim()) return;
    const card = await ctx.store.cardAt(message.channel, message.thread_ts);
    if (!card?.ticketId) return;
    const staff = await ctx.staff.resolve(message.user);
    if (!staff) return;
    const noted = await ctx.tickets.addNote(staff.id, card.ticketId, message.text, { echoToStaffChannels: false });
    if (!noted.ok) {
      const origin = { userId: message.user, channel: message.channel, threadTs: message.thread_ts };
      await tellStaff(ctx, origin, refusalText(ctx.i18n, ctx.policy, staff.language, noted));
    }
  });

  app.event("app_home_opened", async ({ event }) => {
    if (event.tab !== "home") return;
    const staff = await ctx.staff.resolve(event.user);
    if (!staff) {
      await ctx.client.views.publish({
        user_id: event.user,
        view: {
          type: "home",
          blocks: [{ type: "section", text: { type: "plain_text", text: ctx.i18n.t(ctx.channelLanguage, "slack:home.notStaff") } }],
        },
      });
      return;
    }
    await openHome(ctx, staff);
  });
}
