import { createHash } from "node:crypto";
import type { KnownBlock } from "@slack/types";
import { categoryName, departmentName } from "../policy/names.js";
import { actions } from "./cards.js";
import { clip, escapeMrkdwn } from "./mrkdwn.js";
import { formatMoment, type SlackContext } from "./slack-context.js";
import type { StaffMember } from "./staff-directory.js";

const LIST_LIMIT = 15;

/**
 * App Home: my claimed tickets with deadlines, each of my departments' queues in order with
 * positions, deadlines and Claim next, and today's figures (new, resolved, breached, average rating).
 */
export async function publishHome(ctx: SlackContext, staff: StaffMember): Promise<void> {
  const { blocks, shown } = await homeBlocks(ctx, staff);
  const view = { type: "home" as const, blocks: blocks.slice(0, 100) };
  const digest = createHash("sha256").update(JSON.stringify(view)).digest("hex");
  // A refresh that changes nothing is not sent again.
  if ((await ctx.homeWatchers.digestOf(staff.slackUserId)) === digest) return;
  await ctx.client.views.publish({ user_id: staff.slackUserId, view });
  await ctx.homeWatchers.published(staff.slackUserId, shown, digest);
}

/** The user opened Home (or pressed a button on it): publish it, and keep it fresh for a while. */
export async function openHome(ctx: SlackContext, staff: StaffMember): Promise<void> {
  await ctx.homeWatchers.opened(staff.slackUserId, staff.departments, ctx.clock.now());
  await publishHome(ctx, staff);
}

/**
 * A ticket changed (its card was just synced): re-publish App Home for those who opened it in the
 * last minutes and whose Home the ticket touches (their claimed ticket, their department's queue).
 * A failure here is logged, never fails the card's delivery.
 */
export async function refreshHomesFor(ctx: SlackContext, ticketId: string): Promise<void> {
  try {
    const ticket = await ctx.tickets.ticketBrief(ticketId);
    if (!ticket) return;
    const users = await ctx.homeWatchers.concernedBy(
      { id: ticket.id, departmentId: ticket.departmentId, claimerSlackUserId: ticket.claimer?.slackUserId ?? null },
      ctx.clock.now(),
    );
    for (const userId of users) {
      const staff = await ctx.staff.resolve(userId);
      if (staff) await publishHome(ctx, staff);
    }
  } catch (error) {
    ctx.logger.warn({ err: error, ticketId }, "App Home refresh failed");
  }
}

export async function homeBlocks(ctx: SlackContext, staff: StaffMember): Promise<{ blocks: KnownBlock[]; shown: string[] }> {
  const { language } = staff;
  const t = (key: string, vars?: Record<string, unknown>) => ctx.i18n.t(language, `slack:${key}`, vars);
  const tz = ctx.policy.company.timeZone;
  const category = (id: string) => categoryName(ctx.policy, id, language);
  const due = (at: Date | null) => (at ? formatMoment(at, tz) : t("card.noDeadline"));
  const sla = (state: string | null) => (state ? ` · ${t(`sla.${state}`)}` : "");
  const text = (value: string): KnownBlock => ({ type: "section", text: { type: "mrkdwn", text: clip(value, 2900) } });

  const home = (await ctx.tickets.appHome(staff.id)) ?? { mine: [], departments: [] };
  const blocks: KnownBlock[] = [{ type: "header", text: { type: "plain_text", text: t("home.title") } }];
  // Service notices customers are reading now: staff answer knowing them.
  for (const notice of ctx.content.liveNotices().filter((n) => n.startsAt <= ctx.clock.now())) {
    blocks.push(text(`:mega: ${escapeMrkdwn(t("home.notice", { text: notice.text[language], until: formatMoment(notice.endsAt, tz) }))}`));
  }
  const mine = home.mine.slice(0, LIST_LIMIT);
  const shown = mine.map((ticket) => ticket.id);
  blocks.push(text(`*${escapeMrkdwn(t("home.mine"))}*`));
  blocks.push(
    text(
      mine.length === 0
        ? escapeMrkdwn(t("home.none"))
        : mine
            .map((ticket) =>
              escapeMrkdwn(
                t("home.mineLine", { number: ticket.number, category: category(ticket.categoryId), deadline: due(ticket.resolutionDueAt) }),
              ),
            )
            .join("\n"),
    ),
  );

  for (const { departmentId, waiting, waitingCount, today } of home.departments) {
    const name = departmentName(ctx.policy, departmentId, language);
    // The tickets module reads only the head of each line (HOME_LINE_LIMIT); the count covers the rest.
    const listed = waiting;
    shown.push(...listed.map((e) => e.ticket.id));
    blocks.push({ type: "divider" });
    blocks.push(text(`*${escapeMrkdwn(t("home.queue", { department: name, count: waitingCount }))}*`));
    const lines = listed.map((e) =>
      escapeMrkdwn(
        t("home.queueLine", {
          position: e.position,
          number: e.ticket.number,
          category: category(e.ticket.categoryId),
          deadline: due(e.ticket.resolutionDueAt),
        }) + sla(e.sla),
      ),
    );
    blocks.push(text(lines.length === 0 ? escapeMrkdwn(t("home.empty")) : lines.join("\n")));
    blocks.push({
      type: "actions",
      block_id: `home_claim_next_${departmentId}`,
      elements: [
        {
          type: "button",
          text: { type: "plain_text", text: t("button.claimNext") },
          action_id: actions.claimNext,
          value: departmentId,
          style: "primary",
        },
      ],
    });
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: escapeMrkdwn(t("home.today", { ...today, rating: today.rating === null ? "—" : today.rating.toFixed(1) })),
        },
      ],
    });
  }
  return { blocks, shown };
}
