import type { Language } from "../../kernel/language.js";
import { isOpen } from "../../tickets/index.js";
import type { WebContext } from "../context.js";

const DAY_MS = 86_400_000;

const average = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

/**
 * The numbers behind the console's dashboard, over the requests opened in the last `days` days:
 * open / resolved / breached per department (R2.4), the average rating (R4.2) and the average
 * first-response and resolution times in minutes.
 */
export async function dashboard(ctx: WebContext, language: Language, days = 30) {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - days * DAY_MS);
  const tickets = await ctx.db.prisma.ticket.findMany({
    where: { kind: "request", createdAt: { gte: since } },
    select: {
      departmentId: true,
      status: true,
      createdAt: true,
      readyAt: true,
      firstReplyAt: true,
      resolvedAt: true,
      resolutionDueAt: true,
      breachedAt: true,
      rating: { select: { stars: true } },
    },
  });
  const breached = (t: (typeof tickets)[number]) =>
    t.breachedAt !== null ||
    (t.resolutionDueAt !== null && (t.status === "resolved" ? (t.resolvedAt ?? now) : now).getTime() > t.resolutionDueAt.getTime());

  const perDepartment = ctx.policy.departments.map((d) => {
    const mine = tickets.filter((t) => t.departmentId === d.id);
    return {
      id: d.id,
      name: d.name[language],
      open: mine.filter((t) => isOpen(t.status)).length,
      resolved: mine.filter((t) => t.status === "resolved").length,
      breached: mine.filter((t) => (isOpen(t.status) || t.status === "resolved") && breached(t)).length,
    };
  });
  const stars = tickets.flatMap((t) => (t.rating ? [t.rating.stars] : []));
  const minutes = (from: Date | null, to: Date | null) => (from && to ? [(to.getTime() - from.getTime()) / 60_000] : []);
  const firstResponse = tickets.flatMap((t) => minutes(t.readyAt ?? t.createdAt, t.firstReplyAt));
  const resolution = tickets.flatMap((t) => (t.status === "resolved" ? minutes(t.createdAt, t.resolvedAt) : []));
  return {
    since,
    days,
    perDepartment,
    rating: { average: average(stars), count: stars.length },
    firstResponseMinutes: { average: average(firstResponse), count: firstResponse.length },
    resolutionMinutes: { average: average(resolution), count: resolution.length },
  };
}
