import { rm } from "node:fs/promises";
import type { Tx } from "../../db/database.js";
import { storedFilePath, storedFiles } from "../../kernel/stored-file.js";
import { ERASED_TEXT } from "../domain/retention.js";
import type { TicketContext } from "./context.js";
import { notifyStaff } from "./notify.js";

/**
 * Wiping the personal content of tickets (retention, a customer's deletion): messages, files, the
 * description and contact, the rating's comment, mail subjects, outbox payloads already delivered;
 * the ticket's number, category, department, times and stars stay for reports. Staff cards are
 * redrawn from the wiped rows through the outbox.
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
  // Rows still to be sent go out as they are (the customer's own answers); delivered ones keep no content.
  await tx.outboxMessage.updateMany({ where: { ...where, status: { not: "pending" } }, data: { payload: {} } });
  for (const ticketId of ticketIds) await notifyStaff(ctx, tx, ticketId);
  return { tickets: ticketIds.length, messages: messages.length, fileKeys };
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
    data: { name: null, phone: null, email: null, website: null, replyByEmail: false },
  });
  await tx.customerIdentity.updateMany({ where: { customerId: { in: customerIds } }, data: { displayName: null } });
}
