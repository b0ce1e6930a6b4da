import type { App } from "@slack/bolt";
import { formatDateTime } from "../kernel/date-time.js";
import { escapeMrkdwn } from "./mrkdwn.js";
import { parseNoticeCommand } from "./notice-command.js";
import { refusalText } from "./refusals.js";
import { languageOf } from "./respond.js";
import type { SlackContext } from "./slack-context.js";

export const NOTICE_COMMAND = "/hotro-notice";

/**
 * Slash commands. `/hotro-notice` lists, posts and withdraws service notices, as the console's
 * Content tab does, for Customer care only; the answer is the command's own ephemeral response.
 */
export function registerCommands(app: App, ctx: SlackContext): void {
  app.command(NOTICE_COMMAND, async ({ command, ack }) => {
    const staff = await ctx.staff.resolve(command.user_id);
    const language = languageOf(ctx, staff);
    const t = (key: string, vars?: Record<string, unknown>) => ctx.i18n.t(language, `slack:command.notice.${key}`, vars);
    const answer = (text: string) => ack({ response_type: "ephemeral", text });
    if (!staff) return answer(refusalText(ctx.i18n, ctx.policy, language, { code: "not_staff" }));
    if (!staff.departments.includes(ctx.policy.customerCare.department)) {
      return answer(refusalText(ctx.i18n, ctx.policy, language, { code: "not_customer_care" }));
    }
    const until = (at: Date) => formatDateTime(at, ctx.policy.company.timeZone);
    const request = parseNoticeCommand(command.text);
    switch (request.kind) {
      case "list": {
        const live = ctx.content.liveNotices();
        if (live.length === 0) return answer(`${t("none")}\n${t("usage")}`);
        const lines = live.map((n) => t("line", { id: n.id, until: until(n.endsAt), text: escapeMrkdwn(n.text[language]) }));
        return answer([t("running"), ...lines].join("\n"));
      }
      case "post": {
        const now = ctx.clock.now();
        const notice = await ctx.content.postNotice(staff.id, {
          text: request.text,
          categories: [],
          startsAt: now,
          endsAt: new Date(now.getTime() + request.minutes * 60_000),
        });
        return answer(t("posted", { id: notice.id, until: until(notice.endsAt) }));
      }
      case "withdraw":
        return answer((await ctx.content.withdrawNotice(staff.id, request.id)) ? t("withdrawn", { id: request.id }) : t("notFound"));
      case "usage":
        return answer(`${t(`problem.${request.problem}`)}\n${t("usage")}`);
    }
  });
}
