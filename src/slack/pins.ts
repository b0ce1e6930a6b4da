import { renderClaimNextPin } from "./cards.js";
import type { SlackContext } from "./slack-context.js";
import { pinKey } from "./store.js";
import { platformErrorOf } from "./web-client.js";

/** Posts and pins one "Claim next" message in each department channel, once (R3.1). */
export async function ensureClaimNextPins(ctx: SlackContext): Promise<void> {
  for (const department of ctx.policy.departments) {
    const configured = department.slackChannel;
    if (!configured) continue;
    const key = pinKey(configured);
    if (await ctx.store.find(key)) continue;
    try {
      const message = renderClaimNextPin(ctx.policy, department.id, ctx.i18n, ctx.channelLanguage);
      const posted = await ctx.client.chat.postMessage({ channel: configured, text: message.text, blocks: message.blocks });
      const channel = posted.channel ?? configured;
      const ts = String(posted.ts);
      await ctx.client.pins.add({ channel, timestamp: ts }).catch((error: unknown) => {
        if (platformErrorOf(error) !== "already_pinned") throw error;
      });
      await ctx.store.posted({ key, ticketId: null, channel, ts, digest: null });
    } catch (error) {
      // Not fatal: Claim next is also on App Home; the next start tries again.
      ctx.logger.warn({ err: error, channel: configured }, "could not pin the Claim next message");
    }
  }
}
