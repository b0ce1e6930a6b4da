import type { Tx } from "../../db/database.js";
import { sqlIn } from "../../db/transaction-scope.js";
import type { TicketContext } from "./context.js";

/** One line of a ticket's timeline: what happened, who did it, when (the use case's clock). Written by every step: a plain statement. */
export async function recordEvent(
  ctx: TicketContext,
  tx: Tx,
  ticketId: string,
  type: string,
  actor: string,
  data: Record<string, unknown> = {},
) {
  await sqlIn(
    tx,
    `INSERT INTO "TimelineEvent" (id, "ticketId", type, actor, data, at) VALUES (gen_random_uuid()::text, $1, $2, $3, $4::jsonb, $5::timestamp)`,
    [ticketId, type, actor, JSON.stringify(data), ctx.clock.now().toISOString()],
  );
}
