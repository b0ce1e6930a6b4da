import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { inTransaction } from "../../db/transaction-scope.js";
import { RECEIVED_FILE_FOLDERS } from "../../kernel/stored-file.js";
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

/** Long enough for any received file to have been handled or held (an event waits in the log until handled). */
const UNATTACHED_GRACE_MS = 24 * 60 * 60 * 1000;
/** Files are looked at during their first week: the hourly round meets every one many times in it. */
const UNATTACHED_BAND_MS = 7 * 24 * 60 * 60 * 1000;
const KEYS_PER_READ = 2000;

/**
 * Files received between a day and a week ago that no message carries and that nothing else holds
 * (a request being written, an event not yet handled: `heldElsewhere`, from the modules that keep
 * them) are deleted: a file sent with no open request, a repeated upload, a crash between storing a
 * file and recording its event. Otherwise they would stay for ever, outside the retention rules.
 */
export async function removeUnattachedFiles(
  ctx: TicketContext,
  heldElsewhere: (keys: string[]) => Promise<Set<string>>,
): Promise<{ files: number }> {
  const dataDir = ctx.dataDir;
  if (!dataDir) return { files: 0 };
  const newest = ctx.clock.now().getTime() - UNATTACHED_GRACE_MS;
  const band = { from: newest - UNATTACHED_BAND_MS, to: newest };
  const keys = (
    await Promise.all(
      RECEIVED_FILE_FOLDERS.map(async (folder) =>
        (await filesReceivedIn(path.join(dataDir, "files", folder), band)).map((name) => `${folder}/${name}`),
      ),
    )
  ).flat();
  let files = 0;
  for (let i = 0; i < keys.length; i += KEYS_PER_READ) {
    const batch = keys.slice(i, i + KEYS_PER_READ);
    const carried = await ctx.db.sql<{ key: string }>(
      `SELECT DISTINCT a->>'key' AS key FROM "Message" m, jsonb_array_elements(m.attachments) a
       WHERE m.attachments <> '[]'::jsonb AND a->>'key' = ANY($1::text[])`,
      [batch],
    );
    const kept = new Set([...carried.map((row) => row.key), ...(await heldElsewhere(batch))]);
    files += await deleteStoredFiles(
      ctx,
      batch.filter((key) => !kept.has(key)),
    );
  }
  return { files };
}

async function filesReceivedIn(folder: string, band: { from: number; to: number }): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const found: string[] = [];
  for (const name of names) {
    const info = await stat(path.join(folder, name)).catch(() => undefined);
    if (info?.isFile() && info.mtimeMs >= band.from && info.mtimeMs < band.to) found.push(name);
  }
  return found;
}
