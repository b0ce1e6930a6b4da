import { ok, type Result } from "../../../kernel/result.js";
import { isOpen } from "../../domain/ticket.js";
import type { TicketContext } from "../context.js";
import { type ScopeRefusal, staffScope } from "./scope.js";

const DAY_MS = 86_400_000;

const average = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
const summary = (values: number[]) => ({ average: average(values), count: values.length });

/** One day of the period (company time zone): what the charts draw. */
export interface DashboardDay {
  /** yyyy-MM-dd in the company's time zone. */
  date: string;
  /** Requests opened that day, by department id. */
  opened: Record<string, number>;
  /** Resolved that day, by department id. */
  resolved: Record<string, number>;
  /** Deadlines passed that day, by department id (R2.4). */
  breached: Record<string, number>;
  /** Average minutes to the first reply, over the first replies given that day. */
  firstResponseMinutes: number | null;
  /** Average minutes from opening to resolution, over the tickets resolved that day. */
  resolutionMinutes: number | null;
  /** Ratings given that day (R4.2). */
  rating: { average: number | null; count: number };
}

export interface Dashboard {
  since: Date;
  days: number;
  daily: DashboardDay[];
  perDepartment: { departmentId: string; open: number; resolved: number; breached: number }[];
  rating: { average: number | null; count: number };
  firstResponseMinutes: { average: number | null; count: number };
  resolutionMinutes: { average: number | null; count: number };
}

/**
 * The numbers over the requests opened in the last `days` days, for the departments a staff member
 * may read (R4.1; every department for Customer care): open / resolved / breached per department
 * (R2.4), the average rating (R4.2), the average first-response and resolution times in minutes.
 */
export async function dashboard(ctx: TicketContext, staffId: string, days = 30): Promise<Result<Dashboard, ScopeRefusal>> {
  const scope = await staffScope(ctx, ctx.db.prisma, staffId);
  if (!scope.ok) return scope;
  const departments = scope.value.departments;
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - days * DAY_MS);
  const tickets = await ctx.db.prisma.ticket.findMany({
    where: { kind: "request", createdAt: { gte: since }, departmentId: { in: departments } },
    select: {
      departmentId: true,
      status: true,
      createdAt: true,
      readyAt: true,
      firstReplyAt: true,
      resolvedAt: true,
      resolutionDueAt: true,
      breachedAt: true,
      rating: { select: { stars: true, createdAt: true } },
    },
  });
  const breached = (t: (typeof tickets)[number]) =>
    t.breachedAt !== null ||
    (t.resolutionDueAt !== null && (t.status === "resolved" ? (t.resolvedAt ?? now) : now).getTime() > t.resolutionDueAt.getTime());

  const perDepartment = departments.map((departmentId) => {
    const mine = tickets.filter((t) => t.departmentId === departmentId);
    return {
      departmentId,
      open: mine.filter((t) => isOpen(t.status)).length,
      resolved: mine.filter((t) => t.status === "resolved").length,
      breached: mine.filter((t) => (isOpen(t.status) || t.status === "resolved") && breached(t)).length,
    };
  });
  const minutes = (from: Date | null, to: Date | null) => (from && to ? [(to.getTime() - from.getTime()) / 60_000] : []);
  const dayOf = dayInZone(ctx.policy.company.timeZone);
  const daily = periodDays(since, now, dayOf).map((date): DashboardDay => {
    const on = (at: Date | null) => at !== null && dayOf(at) === date;
    const byDepartment = (match: (t: (typeof tickets)[number]) => boolean) =>
      Object.fromEntries(departments.map((d) => [d, tickets.filter((t) => t.departmentId === d && match(t)).length]));
    const rated = tickets.flatMap((t) => (t.rating && on(t.rating.createdAt) ? [t.rating.stars] : []));
    return {
      date,
      opened: byDepartment((t) => on(t.createdAt)),
      resolved: byDepartment((t) => t.status === "resolved" && on(t.resolvedAt)),
      breached: byDepartment((t) => on(t.breachedAt)),
      firstResponseMinutes: average(tickets.flatMap((t) => (on(t.firstReplyAt) ? minutes(t.readyAt ?? t.createdAt, t.firstReplyAt) : []))),
      resolutionMinutes: average(
        tickets.flatMap((t) => (t.status === "resolved" && on(t.resolvedAt) ? minutes(t.createdAt, t.resolvedAt) : [])),
      ),
      rating: summary(rated),
    };
  });
  return ok({
    since,
    days,
    daily,
    perDepartment,
    rating: summary(tickets.flatMap((t) => (t.rating ? [t.rating.stars] : []))),
    firstResponseMinutes: summary(tickets.flatMap((t) => minutes(t.readyAt ?? t.createdAt, t.firstReplyAt))),
    resolutionMinutes: summary(tickets.flatMap((t) => (t.status === "resolved" ? minutes(t.createdAt, t.resolvedAt) : []))),
  });
}

/** The calendar day of an instant in a time zone, as yyyy-MM-dd. */
function dayInZone(timeZone: string): (at: Date) => string {
  const format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return (at) => format.format(at);
}

/** Every day from `since` to `now`, oldest first, each once. */
function periodDays(since: Date, now: Date, dayOf: (at: Date) => string): string[] {
  const days: string[] = [];
  for (let at = since.getTime(); at <= now.getTime() + DAY_MS; at += DAY_MS / 2) {
    const day = dayOf(new Date(Math.min(at, now.getTime())));
    if (days[days.length - 1] !== day) days.push(day);
  }
  return days;
}
