import type { KnownBlock } from "@slack/types";
import { Temporal } from "temporal-polyfill";
import { actions } from "./cards.js";
import { clip, escapeMrkdwn } from "./mrkdwn.js";
import { departmentName, formatMoment, type SlackContext } from "./slack-context.js";
import type { StaffMember } from "./staff-directory.js";

const LIST_LIMIT = 15;

/**
 * App Home: my claimed tickets with deadlines, each of my departments' queues in order with
 * positions, deadlines and Claim next, and today's figures (new, resolved, breached, average rating).
 */
export async function publishHome(ctx: SlackContext, staff: StaffMember): Promise<void> {
  const blocks = await homeBlocks(ctx, staff);
  await ctx.client.views.publish({ user_id: staff.slackUserId, view: { type: "home", blocks: blocks.slice(0, 100) } });
}

export async function homeBlocks(ctx: SlackContext, staff: StaffMember): Promise<KnownBlock[]> {
  const { language } = staff;
  const t = (key: string, vars?: Record<string, unknown>) => ctx.i18n.t(language, `slack:${key}`, vars);
  const tz = ctx.policy.company.timeZone;
  const category = (id: string) => ctx.policy.categories.find((c) => c.id === id)?.name[language] ?? id;
  const due = (at: Date | null) => (at ? formatMoment(at, tz) : t("card.noDeadline"));
  const sla = (state: string | null) => (state ? ` · ${t(`sla.${state}`)}` : "");
  const text = (value: string): KnownBlock => ({ type: "section", text: { type: "mrkdwn", text: clip(value, 2900) } });

  const blocks: KnownBlock[] = [{ type: "header", text: { type: "plain_text", text: t("home.title") } }];
  const mine = await ctx.db.prisma.ticket.findMany({
    where: { claimedById: staff.id, status: "claimed" },
    orderBy: { resolutionDueAt: "asc" },
  });
  blocks.push(text(`*${escapeMrkdwn(t("home.mine"))}*`));
  blocks.push(
    text(
      mine.length === 0
        ? escapeMrkdwn(t("home.none"))
        : mine
            .slice(0, LIST_LIMIT)
            .map((ticket) =>
              escapeMrkdwn(
                t("home.mineLine", { number: ticket.number, category: category(ticket.categoryId), deadline: due(ticket.resolutionDueAt) }),
              ),
            )
            .join("\n"),
    ),
  );

  for (const departmentId of staff.departments) {
    const queue = await ctx.tickets.queueView(departmentId);
    const name = departmentName(ctx.policy, departmentId, language);
    blocks.push({ type: "divider" });
    blocks.push(text(`*${escapeMrkdwn(t("home.queue", { department: name, count: queue.waiting.length }))}*`));
    const lines = queue.waiting.slice(0, LIST_LIMIT).map((e) =>
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
    const figures = await todaysFigures(ctx, departmentId);
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: escapeMrkdwn(t("home.today", { ...figures, rating: figures.rating === null ? "—" : figures.rating.toFixed(1) })),
        },
      ],
    });
  }
  return blocks;
}

/** Today in the company's time zone, for one department. */
export async function todaysFigures(ctx: SlackContext, departmentId: string) {
  const now = ctx.clock.now();
  const start = new Date(
    Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(ctx.policy.company.timeZone).startOfDay().epochMilliseconds,
  );
  const today = { gte: start, lte: now };
  const prisma = ctx.db.prisma;
  const [created, resolved, dueToday, ratings] = await Promise.all([
    prisma.ticket.count({ where: { departmentId, createdAt: today } }),
    prisma.ticket.count({ where: { departmentId, status: "resolved", resolvedAt: today } }),
    prisma.ticket.findMany({ where: { departmentId, resolutionDueAt: today }, select: { resolvedAt: true, resolutionDueAt: true } }),
    prisma.rating.aggregate({ where: { createdAt: today, ticket: { departmentId } }, _avg: { stars: true } }),
  ]);
  // Breached today: the deadline passed today before the ticket was resolved.
  const breached = dueToday.filter((t) => t.resolutionDueAt && (!t.resolvedAt || t.resolvedAt > t.resolutionDueAt)).length;
  return { created, resolved, breached, rating: ratings._avg.stars ?? null };
}
