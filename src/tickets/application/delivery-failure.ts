import type { TicketContext } from "./context.js";
import { recordEvent } from "./notify.js";

/** A message that will never be delivered (a blocked bot, a deleted channel): kept on the ticket's timeline for staff. */
export async function recordDeliveryFailure(
  ctx: TicketContext,
  failure: { ticketId: string; outboxId: string; channel: string; kind: string; reason: string },
): Promise<void> {
  const { ticketId, ...data } = failure;
  await recordEvent(ctx, ctx.db.prisma, ticketId, "delivery_failed", "system", data);
}
