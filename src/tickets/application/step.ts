import type { Tx } from "../../db/database.js";
import type { Prisma } from "../../db/generated/client.js";
import { ok, type Result } from "../../kernel/result.js";
import { type IllegalTransition, type LifecycleAction, nextStatus } from "../domain/lifecycle.js";
import type { TicketRow } from "./ticket-reads.js";

/**
 * The only way a use case changes a ticket's status: the life cycle table says whether `action` is
 * allowed from the ticket's status and where it leads; `data` is what else the step changes.
 */
export async function takeStep(
  tx: Tx,
  ticket: TicketRow,
  action: LifecycleAction,
  data: Omit<Prisma.TicketUncheckedUpdateInput, "status"> = {},
): Promise<Result<TicketRow, IllegalTransition>> {
  const next = nextStatus(ticket, action);
  if (!next.ok) return next;
  return ok(await tx.ticket.update({ where: { id: ticket.id }, data: { ...data, status: next.value } }));
}
