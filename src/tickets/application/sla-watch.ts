import type { Tx } from "../../db/database.js";
import type { TicketContext } from "./context.js";
import { alertStaff, notice, notifyCustomer, notifyStaff, recordEvent } from "./notify.js";
import type { TicketRow } from "./ticket-reads.js";

/**
 * R2.4 / R2.5: warns staff at the policy's warning points and escalates at the deadline (the card
 * shows the state; the timeline records it; staff channels are alerted: a mention at a warning, an
 * escalation to Customer care at the deadline; the customer is told when the deadline passes).
 * Rows are taken with FOR UPDATE SKIP LOCKED, so several instances can run it at once.
 */
export async function watchDeadlines(ctx: TicketContext): Promise<{ warned: number; breached: number }> {
  const now = ctx.clock.now();
  const counts = { warned: 0, breached: 0 };
  const changed: string[] = [];
  await ctx.db.prisma.$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Ticket"
      WHERE status IN ('ready', 'claimed') AND "resolutionDueAt" IS NOT NULL AND "breachedAt" IS NULL
      ORDER BY "resolutionDueAt" LIMIT 200 FOR UPDATE SKIP LOCKED`;
    for (const { id } of due) {
      const ticket = await tx.ticket.findUniqueOrThrow({ where: { id } });
      const outcome = await checkTicket(ctx, tx, ticket, now);
      if (outcome !== "none") changed.push(id);
      if (outcome === "warned") counts.warned++;
      if (outcome === "breached") counts.breached++;
    }
  });
  if (changed.length > 0) ctx.afterCommit({ ticketIds: changed });
  return counts;
}

async function checkTicket(ctx: TicketContext, tx: Tx, ticket: TicketRow, now: Date): Promise<"none" | "warned" | "breached"> {
  const { readyAt, resolutionDueAt } = ticket;
  if (!readyAt || !resolutionDueAt) return "none";
  if (now.getTime() >= resolutionDueAt.getTime()) {
    await tx.ticket.update({ where: { id: ticket.id }, data: { breachedAt: now } });
    await recordEvent(ctx, tx, ticket.id, "sla_breached", "system", { deadline: resolutionDueAt.toISOString() });
    await notifyCustomer(ctx, tx, ticket, [notice("breached", { number: ticket.number })]);
    await notifyStaff(ctx, tx, ticket.id);
    await alertStaff(ctx, tx, ticket.id, { stage: "breach", deadline: resolutionDueAt.toISOString() });
    return "breached";
  }
  const passed = ctx.schedule.warningTimes(readyAt, resolutionDueAt).filter((t) => t.getTime() <= now.getTime());
  const latest = passed[passed.length - 1];
  if (!latest || (ticket.warnedAt && ticket.warnedAt.getTime() >= latest.getTime())) return "none";
  await tx.ticket.update({ where: { id: ticket.id }, data: { warnedAt: latest } });
  await recordEvent(ctx, tx, ticket.id, "sla_warning", "system", { point: passed.length, deadline: resolutionDueAt.toISOString() });
  await notifyStaff(ctx, tx, ticket.id);
  const hoursLeft = Math.max(0, Math.round((resolutionDueAt.getTime() - now.getTime()) / 3_600_000));
  await alertStaff(ctx, tx, ticket.id, { stage: "warning", point: passed.length, deadline: resolutionDueAt.toISOString(), hoursLeft });
  return "warned";
}
