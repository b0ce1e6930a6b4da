import { rm } from "node:fs/promises";
import type { Tx } from "../../db/database.js";
import { enqueue } from "../../delivery/store.js";
import { storedFilePath, storedFiles } from "../../kernel/stored-file.js";
import { ERASED_TEXT, FREE_TEXT_EVENT_FIELDS } from "../domain/retention.js";
import type { TicketContext } from "./context.js";
import { notifyStaff } from "./notify.js";

/**
 * Wiping the personal content of tickets (retention, a customer's deletion): messages, files, the
 * description and contact, the rating's comment, mail subjects, the typed words on the timeline,
 * outbox payloads (delivered ones emptied, pending ones cancelled); the ticket's number, category,
 * department, times and stars stay for reports. Staff cards are redrawn from the wiped rows and the
 * thread lines the app posted are deleted, both through the outbox so a platform failure loses nothing.
 */

export interface WipeOutcome {
  tickets: number;
  messages: number;
  /** Storage keys of the files to delete once the transaction has committed. */
  fileKeys: string[];
}

export async function wipeTickets(ctx: TicketContext, tx: Tx, ticketIds: string[], now: Date): Promise<WipeOutcome> {
  if (ticketIds.length === 0) return { tickets: 0, messages: 0, fileKeys: [] };
  const where = { ticketId: { in: ticketIds } };
  const messages = await tx.message.findMany({ where, select: { attachments: true } });
  const fileKeys = messages.flatMap((m) => storedFiles(m.attachments).map((f) => f.key));
  await tx.message.updateMany({ where, data: { text: ERASED_TEXT, attachments: [] } });
  await tx.ticket.updateMany({ where: { id: { in: ticketIds } }, data: { description: ERASED_TEXT, contact: {}, anonymizedAt: now } });
  await tx.rating.updateMany({ where, data: { comment: null } });
  await tx.emailMessage.updateMany({ where, data: { subject: null } });
  await scrubTimeline(tx, ticketIds);
  await eraseThreadLines(ctx, tx, ticketIds, now);
  await cancelPendingContent(tx, where);
  await tx.outboxMessage.updateMany({ where: { ...where, status: { not: "pending" } }, data: { payload: {} } });
  for (const ticketId of ticketIds) await notifyStaff(ctx, tx, ticketId);
  return { tickets: ticketIds.length, messages: messages.length, fileKeys };
}

/** Replaces the typed words kept in timeline events' data; the event, its actor and time stay. */
async function scrubTimeline(tx: Tx, ticketIds: string[]): Promise<void> {
  for (const [type, fields] of Object.entries(FREE_TEXT_EVENT_FIELDS)) {
    for (const field of fields) {
      await tx.$executeRaw`
        UPDATE "TimelineEvent" SET data = jsonb_set(data, ARRAY[${field}::text], to_jsonb(${ERASED_TEXT}::text))
        WHERE "ticketId" = ANY(${ticketIds}::text[]) AND type = ${type} AND data ? ${field}`;
    }
  }
}

/**
 * The thread lines posted for these tickets (the customer's messages and files, replies, notes) are
 * deleted from the staff channel by its sender: one "thread_erase" row per ticket and channel, listing
 * the posted messages' ids, written before the delivered rows lose them.
 */
async function eraseThreadLines(ctx: TicketContext, tx: Tx, ticketIds: string[], now: Date): Promise<void> {
  const posted = await tx.outboxMessage.findMany({
    where: { ticketId: { in: ticketIds }, kind: "thread", status: "sent", platformMessageId: { not: null } },
    select: { ticketId: true, channel: true, platformMessageId: true },
    orderBy: { seq: "asc" },
  });
  const lines = new Map<string, { ticketId: string; channel: string; ids: string[] }>();
  for (const row of posted) {
    if (!row.ticketId || !row.platformMessageId || !ctx.staffChannels.includes(row.channel)) continue;
    const key = `${row.channel}:${row.ticketId}`;
    const entry = lines.get(key) ?? { ticketId: row.ticketId, channel: row.channel, ids: [] };
    entry.ids.push(row.platformMessageId);
    lines.set(key, entry);
  }
  for (const { ticketId, channel, ids } of lines.values()) {
    await enqueue(tx, { channel, destination: `${channel}:ticket:${ticketId}`, kind: "thread_erase", payload: { ids }, ticketId }, now);
  }
}

/**
 * Rows of these tickets not sent yet that carry content (a reply, a thread line, a message or an
 * email copy) are cancelled, emptied: what was wiped must not go out afterwards. Cards (rendered
 * from the wiped rows when sent) and deadline alerts carry none and still go.
 */
async function cancelPendingContent(tx: Tx, where: { ticketId: { in: string[] } }): Promise<void> {
  await tx.outboxMessage.updateMany({
    where: { ...where, status: "pending", kind: { notIn: ["card", "sla_alert", "thread_erase"] } },
    data: { status: "cancelled", payload: {}, lastError: "personal data erased", leaseUntil: null },
  });
}

/** Deletes stored files (after the commit that wiped their references); a file already gone is fine. */
export async function deleteStoredFiles(ctx: TicketContext, keys: string[]): Promise<number> {
  if (!ctx.dataDir) return 0;
  let deleted = 0;
  for (const key of new Set(keys)) {
    const target = storedFilePath(ctx.dataDir, key);
    if (!target) continue;
    await rm(target, { force: true });
    deleted += 1;
  }
  return deleted;
}

/** Clears a customer's contact details on their profile (kept: the id, language and dates). */
export async function clearCustomerContact(tx: Tx, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await tx.customer.updateMany({
    where: { id: { in: customerIds } },
    data: { name: null, phone: null, email: null, website: null, replyByEmail: false, ...unverified },
  });
  await tx.customerIdentity.updateMany({ where: { customerId: { in: customerIds } }, data: { displayName: null } });
  // Where their verification codes went is a contact too.
  await tx.privacyRequest.updateMany({ where: { customerId: { in: customerIds } }, data: { destination: null } });
}

/** A customer's contact verification, undone (their contact changed, or was cleared). */
export const unverified = { verifiedAt: null, verifiedVia: null, verifiedContact: null } as const;
