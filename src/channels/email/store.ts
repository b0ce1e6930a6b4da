import type { Database } from "../../db/database.js";
import { enqueue } from "../../delivery/store.js";
import { markHandledIn } from "../../inbound/inbound-log.js";
import type { OutboundMessage } from "../../kernel/outbound.js";
import { EMAIL_CHANNEL, emailDestination } from "../../tickets/index.js";

/** What a mail's Message-ID says when it arrives: new (or this event's own retry), seen before, or one of ours. */
export type Claim = "new" | "duplicate" | "ours";

/**
 * The email channel's table (EmailMessage): every mail received and sent, by Message-ID, with its
 * ticket, so a reply finds its ticket, our own mail coming back is recognized, and a mail seen twice
 * is handled once.
 */
export function createEmailStore(db: Database) {
  const mails = db.prisma.emailMessage;
  return {
    /** Takes a received mail's Message-ID for one inbound event; another event with the same id is a duplicate. */
    async claim(messageId: string, eventId: string, subject: string, now: Date): Promise<Claim> {
      await mails.createMany({
        data: [{ messageId, direction: "in", subject, inboundEventId: eventId, createdAt: now }],
        skipDuplicates: true,
      });
      const row = await mails.findUnique({ where: { messageId }, select: { direction: true, inboundEventId: true } });
      if (row?.direction === "out") return "ours";
      return row?.inboundEventId === eventId ? "new" : "duplicate";
    },
    /** Whether any of these Message-IDs is one we sent. */
    async anyOurs(messageIds: string[]): Promise<boolean> {
      if (messageIds.length === 0) return false;
      return (await mails.count({ where: { messageId: { in: messageIds }, direction: "out" } })) > 0;
    },
    /** The ticket of the latest known mail among these Message-IDs (a reply's In-Reply-To and References). */
    async ticketOf(messageIds: string[]): Promise<string | undefined> {
      if (messageIds.length === 0) return undefined;
      const row = await mails.findFirst({
        where: { messageId: { in: messageIds }, ticketId: { not: null } },
        orderBy: { seq: "desc" },
        select: { ticketId: true },
      });
      return row?.ticketId ?? undefined;
    },
    /**
     * The end of a received mail's handling, in one transaction: the mail linked to its ticket, the
     * answers to the customer in the outbox, the inbound event marked processed.
     */
    async finish(input: { messageId: string; ticketId: string; address: string; messages: OutboundMessage[]; now: Date }) {
      await db.prisma.$transaction(async (tx) => {
        await markHandledIn(tx);
        await tx.emailMessage.update({ where: { messageId: input.messageId }, data: { ticketId: input.ticketId } });
        for (const message of input.messages) {
          const entry = { channel: EMAIL_CHANNEL, destination: emailDestination(input.address), kind: "message", payload: { message } };
          await enqueue(tx, { ...entry, ticketId: input.ticketId }, input.now);
        }
      });
    },
    /** A ticket's thread: the first subject and every Message-ID, oldest first. */
    async thread(ticketId: string): Promise<{ subject: string | undefined; messageIds: string[] }> {
      const rows = await mails.findMany({
        where: { ticketId },
        orderBy: { seq: "asc" },
        select: { messageId: true, subject: true, direction: true },
      });
      const subject = rows.find((row) => row.direction === "in" && row.subject)?.subject ?? undefined;
      return { subject, messageIds: rows.map((row) => row.messageId) };
    },
    /** Our Message-ID for a mail about to be sent (kept before sending: a reply may arrive before we hear back). */
    async recordSent(messageId: string, ticketId: string | null, now: Date): Promise<void> {
      await mails.createMany({ data: [{ messageId, direction: "out", ticketId, createdAt: now }], skipDuplicates: true });
    },
  };
}

export type EmailStore = ReturnType<typeof createEmailStore>;
