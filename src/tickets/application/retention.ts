import { inTransaction } from "../../db/transaction-scope.js";
import { exportCutoff, retentionCutoff } from "../domain/retention.js";
import type { TicketContext } from "./context.js";
import { recordEvent } from "./notify.js";
import { clearCustomerContact, deleteStoredFiles, wipeTickets } from "./personal-data.js";
import { exportFileKeys } from "./privacy-export.js";

const BATCH = 100;
const closed = ["resolved", "withdrawn", "rejected"] as const;

/**
 * The retention job: tickets closed longer than the policy's period lose their messages, files and
 * contact details (figures kept); a customer whose every ticket is anonymised loses the contact
 * details on their profile too. A batch per transaction, rows locked with SKIP LOCKED, so several
 * instances or a long backlog never hold one huge transaction.
 */
export async function anonymiseExpiredTickets(ctx: TicketContext): Promise<{ tickets: number; files: number }> {
  let tickets = 0;
  let files = 0;
  for (;;) {
    const now = ctx.clock.now();
    const cutoff = retentionCutoff(now, ctx.policy.privacy.retentionMonths);
    const round = await inTransaction(ctx.db.prisma, async (tx) => {
      const due = await tx.$queryRaw<{ id: string; customerId: string }[]>`
        SELECT id, "customerId" FROM "Ticket"
        WHERE "anonymizedAt" IS NULL AND status::text IN (${closed[0]}, ${closed[1]}, ${closed[2]})
          AND "resolvedAt" < ${cutoff}
        ORDER BY "resolvedAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
      const ids = due.map((t) => t.id);
      const wiped = await wipeTickets(ctx, tx, ids, now);
      for (const id of ids) await recordEvent(ctx, tx, id, "anonymized", "system", { reason: "retention" });
      const customerIds = [...new Set(due.map((t) => t.customerId))];
      const stillKept = await tx.ticket.findMany({
        where: { customerId: { in: customerIds }, anonymizedAt: null },
        select: { customerId: true },
        distinct: ["customerId"],
      });
      const kept = new Set(stillKept.map((t) => t.customerId));
      await clearCustomerContact(
        tx,
        customerIds.filter((id) => !kept.has(id)),
      );
      return wiped;
    });
    tickets += round.tickets;
    files += await deleteStoredFiles(ctx, round.fileKeys);
    if (round.tickets > 0) ctx.afterCommit({ ticketIds: [] });
    if (round.tickets < BATCH) return { tickets, files };
  }
}

/**
 * Copies of customers' data are kept `privacy.exportDays` after they were made: their JSON and text
 * files are then deleted from DATA_DIR/files/privacy (their signed links answer 404) and the request
 * records when. The request row itself stays, as the record of what was asked and done.
 */
export async function removeExpiredExports(ctx: TicketContext): Promise<{ exports: number; files: number }> {
  let exports = 0;
  let files = 0;
  for (;;) {
    const cutoff = exportCutoff(ctx.clock.now(), ctx.policy.privacy.exportDays);
    const due = await ctx.db.prisma.privacyRequest.findMany({
      where: { kind: "export", state: "done", filesRemovedAt: null, completedAt: { lt: cutoff } },
      select: { id: true },
      orderBy: { completedAt: "asc" },
      take: BATCH,
    });
    for (const request of due) {
      // Files first: a crash in between only means they are looked for again, already gone.
      files += await deleteStoredFiles(ctx, exportFileKeys(request.id));
      await ctx.db.prisma.privacyRequest.update({ where: { id: request.id }, data: { filesRemovedAt: ctx.clock.now() } });
    }
    exports += due.length;
    if (due.length < BATCH) return { exports, files };
  }
}
