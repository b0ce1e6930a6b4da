import type { Tx } from "../../db/database.js";
import type { TicketContext } from "./context.js";

/** One line of a ticket's timeline: what happened, who did it, when (the use case's clock). */
export async function recordEvent(
  ctx: TicketContext,
  tx: Tx,
  ticketId: string,
  type: string,
  actor: string,
  data: Record<string, unknown> = {},
) {
  await tx.timelineEvent.create({ data: { ticketId, type, actor, data: data as object, at: ctx.clock.now() } });
}
