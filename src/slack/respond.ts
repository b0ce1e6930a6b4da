import type { SlackContext } from "./slack-context.js";
import type { StaffMember } from "./staff-directory.js";

/** Where an interaction came from: a channel message (ephemeral answers there) or App Home (answers by DM). */
export interface Origin {
  userId: string;
  channel?: string;
  threadTs?: string;
}

/** An answer only the acting staff member sees: ephemeral in the channel, or a DM from App Home. */
export async function tellStaff(ctx: SlackContext, origin: Origin, text: string): Promise<void> {
  try {
    if (origin.channel) {
      try {
        await ctx.client.chat.postEphemeral({
          channel: origin.channel,
          user: origin.userId,
          text,
          ...(origin.threadTs ? { thread_ts: origin.threadTs } : {}),
        });
        return;
      } catch (error) {
        // Not a member of that channel (a stale card, a shared link): the answer goes by DM instead.
        ctx.logger.info({ err: error, userId: origin.userId }, "ephemeral answer not possible; sending a DM");
      }
    }
    await ctx.client.chat.postMessage({ channel: origin.userId, text });
  } catch (error) {
    ctx.logger.warn({ err: error, userId: origin.userId }, "could not answer a staff member on Slack");
  }
}

/** The language of someone we could not map to a staff row: the policy's default. */
export function languageOf(ctx: SlackContext, staff: StaffMember | null) {
  return staff?.language ?? ctx.policy.company.defaultLanguage;
}
