import type { SendResult } from "../delivery/outbox.js";
import { departmentName } from "../policy/names.js";
import { escapeMrkdwn } from "./mrkdwn.js";
import { departmentChannel, formatMoment, type SlackContext } from "./slack-context.js";
import { threadRootOf } from "./thread-root.js";
import { toDeliveryError } from "./web-client.js";

/**
 * SLA alerts (R2.4) said where people look: at a warning point, a line in the card's thread that
 * mentions whoever holds the ticket (the whole channel while nobody does); at the deadline, an
 * escalation in Customer care's channel (the card itself turns red, see renderCard).
 */
export async function postSlaAlert(ctx: SlackContext, ticketId: string, payload: Record<string, unknown>): Promise<SendResult> {
  const data = await ctx.tickets.cardData(ticketId);
  if (!data) return {};
  const { ticket, claimer } = data;
  const language = ctx.channelLanguage;
  const t = (key: string, vars: Record<string, unknown>) => ctx.i18n.t(language, `slack:slaAlert.${key}`, vars);
  const deadline = formatMoment(new Date(String(payload.deadline)), ctx.policy.company.timeZone);
  // A console-only claimer cannot be mentioned: their name, and the channel, who can reach them.
  const holder = claimer ? (claimer.slackUserId ? `<@${claimer.slackUserId}>` : escapeMrkdwn(claimer.name)) : null;
  const post = (channel: string, text: string, thread?: string) =>
    ctx.client.chat
      .postMessage({ channel, text, unfurl_links: false, unfurl_media: false, ...(thread ? { thread_ts: thread } : {}) })
      .catch((error: unknown) => {
        throw toDeliveryError(error, "chat.postMessage (SLA alert)");
      });

  if (payload.stage === "warning") {
    const root = await threadRootOf(ctx, ticketId);
    if (!root) return {};
    const who = holder && claimer?.slackUserId ? holder : holder ? `<!channel> ${holder}` : "<!channel>";
    const text = t("warning", { who, number: ticket.number, hours: Number(payload.hoursLeft ?? 0), deadline });
    const posted = await post(root.channel, text, root.ts);
    return { platformMessageId: String(posted.ts) };
  }

  const care = departmentChannel(ctx.policy, ctx.policy.customerCare.department);
  if (!care) return {};
  const home = departmentChannel(ctx.policy, ticket.departmentId);
  const text = t(holder ? "breachClaimed" : "breachUnclaimed", {
    number: ticket.number,
    department: escapeMrkdwn(departmentName(ctx.policy, ticket.departmentId, language)),
    channel: home ? `<#${home}>` : "",
    holder: holder ?? "",
    deadline,
  });
  const posted = await post(care, text);
  return { platformMessageId: String(posted.ts) };
}
