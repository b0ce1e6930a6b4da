import type { TicketContext } from "../context.js";

/** How far back the "usual" first answer looks, and how many tickets it needs to say anything. */
const RECENT_DAYS = 30;
const RECENT_TICKETS = 50;
export const MIN_SAMPLE = 5;

export interface UsualFirstResponse {
  /** The median wait, in the department's working minutes, from entering the queue to the first written reply. */
  workingMinutes: number;
  sample: number;
}

/**
 * What customers of a department usually wait for a first reply, measured on its recent tickets with
 * working hours counted (a ticket sent on Friday evening and answered on Monday at 08:30 waited 30
 * minutes, not 60 hours). Null with too few tickets: the caller then says only the policy's estimate.
 */
export async function usualFirstResponse(ctx: TicketContext, departmentId: string): Promise<UsualFirstResponse | null> {
  const since = new Date(ctx.clock.now().getTime() - RECENT_DAYS * 24 * 3_600_000);
  const rows = await ctx.db.prisma.ticket.findMany({
    where: { departmentId, kind: "request", firstReplyAt: { gte: since }, readyAt: { not: null } },
    orderBy: { firstReplyAt: "desc" },
    take: RECENT_TICKETS,
    select: { readyAt: true, firstReplyAt: true },
  });
  const waits = rows
    .flatMap((r) => (r.readyAt && r.firstReplyAt ? [ctx.schedule.workingMinutes(departmentId, r.readyAt, r.firstReplyAt)] : []))
    .filter((minutes) => minutes >= 0)
    .sort((a, b) => a - b);
  if (waits.length < MIN_SAMPLE) return null;
  const middle = Math.floor(waits.length / 2);
  const median = waits.length % 2 === 1 ? (waits[middle] ?? 0) : ((waits[middle - 1] ?? 0) + (waits[middle] ?? 0)) / 2;
  return { workingMinutes: Math.round(median), sample: waits.length };
}
