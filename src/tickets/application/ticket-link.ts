import { randomUUID } from "node:crypto";
import { ok, type Result } from "../../kernel/result.js";
import { type ActingRefusal, staffActing } from "./acting.js";
import type { TicketContext } from "./context.js";

/**
 * Customer care revokes every ticket-page link given out (one forwarded to the wrong person): the
 * links are signed over the access token, so a new token makes them all worthless.
 */
export async function revokeTicketLink(
  ctx: TicketContext,
  staffId: string,
  ticketId: string,
): Promise<Result<{ number: number; accessToken: string }, ActingRefusal>> {
  return ctx.db.prisma.$transaction(async (tx) => {
    const acting = await staffActing(ctx, tx, "revoke_link", staffId, ticketId);
    if (!acting.ok) return acting;
    return ok(
      await tx.ticket.update({ where: { id: ticketId }, data: { accessToken: randomUUID() }, select: { number: true, accessToken: true } }),
    );
  });
}
