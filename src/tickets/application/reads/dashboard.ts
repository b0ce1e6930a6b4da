import { ok, type Result } from "../../../kernel/result.js";
import { isOpen } from "../../domain/ticket.js";
import type { TicketContext } from "../context.js";
import { type ScopeRefusal, staffScope } from "./scope.js";

const DAY_MS = 86_400_000;

const average = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
const summary = (values: number[]) => ({ average: average(values), count: values.length });

export interface Dashboard {
  since: Date;
  days: number;
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
      rating: { select: { stars: true } },
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
  return ok({
    since,
    days,
    perDepartment,
    rating: summary(tickets.flatMap((t) => (t.rating ? [t.rating.stars] : []))),
    firstResponseMinutes: summary(tickets.flatMap((t) => minutes(t.readyAt ?? t.createdAt, t.firstReplyAt))),
    resolutionMinutes: summary(tickets.flatMap((t) => (t.status === "resolved" ? minutes(t.createdAt, t.resolvedAt) : []))),
  });
}
