import { Temporal } from "temporal-polyfill";
import type { TicketContext } from "../context.js";
import { loadStaff, type TicketRow } from "../ticket-reads.js";
import { type QueueEntry, queueView } from "../views.js";

/** Today's figures of one department, in the company's time zone. */
export interface TodaysFigures {
  created: number;
  resolved: number;
  /** Deadlines that passed today before the ticket was resolved. */
  breached: number;
  rating: number | null;
}

export interface AppHomeData {
  /** My claimed tickets, the nearest deadline first. */
  mine: TicketRow[];
  /** Each of my departments: the head of its waiting line in order, how many wait, and today's figures. */
  departments: { departmentId: string; waiting: QueueEntry[]; waitingCount: number; today: TodaysFigures }[];
}

/** The tickets of each line App Home lists: the head of the line, whatever its length. */
export const HOME_LINE_LIMIT = 15;

/** What a staff member's home shows: their work and their departments' lines (R3.1, R4.1). Null for an unknown staff member. */
export async function appHome(ctx: TicketContext, staffId: string): Promise<AppHomeData | null> {
  const staff = await loadStaff(ctx.db.prisma, staffId);
  if (!staff) return null;
  const mine = await ctx.db.prisma.ticket.findMany({
    where: { claimedById: staff.id, status: "claimed" },
    orderBy: { resolutionDueAt: "asc" },
  });
  const departments = [];
  for (const departmentId of staff.departments) {
    const queue = await queueView(ctx, departmentId, { limit: HOME_LINE_LIMIT });
    departments.push({
      departmentId,
      waiting: queue.waiting,
      waitingCount: queue.waitingCount,
      today: await todaysFigures(ctx, departmentId),
    });
  }
  return { mine, departments };
}

async function todaysFigures(ctx: TicketContext, departmentId: string): Promise<TodaysFigures> {
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
  const breached = dueToday.filter((t) => t.resolutionDueAt && (!t.resolvedAt || t.resolvedAt > t.resolutionDueAt)).length;
  return { created, resolved, breached, rating: ratings._avg.stars ?? null };
}
