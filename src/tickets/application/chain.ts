import type { Tx } from "../../db/database.js";
import { isActive } from "../domain/ticket.js";
import type { TicketContext } from "./context.js";
import { notice, notifyCustomer, notifyStaff, recordEvent } from "./notify.js";
import { takeStep } from "./step.js";
import { openRequestsOf, type TicketRow } from "./ticket-reads.js";

/**
 * R2.5: a customer's requests are handled one after another. When the active one is finished
 * (resolved, withdrawn, rejected) the oldest parked one is released into its queue, with a start
 * deadline counted from now.
 */
export async function releaseNextInChain(ctx: TicketContext, tx: Tx, customerId: string): Promise<TicketRow | null> {
  const open = await openRequestsOf(tx, customerId);
  if (open.some((t) => isActive(t.status))) return null; // another request is still active
  const next = open[0];
  if (!next) return null;

  const now = ctx.clock.now();
  const category = ctx.policy.categories.find((c) => c.id === next.categoryId);
  const step = category?.requiresApproval
    ? await takeStep(tx, next, "release_to_approval")
    : await takeStep(tx, next, "release", {
        readyAt: now,
        resolutionDueAt: ctx.schedule.resolutionDeadline(next.departmentId, now),
        startDueAt: ctx.schedule.chainStartDeadline(next.departmentId, now),
      });
  // The oldest open request of a chain whose others are all finished is parked: the step cannot be refused.
  if (!step.ok) throw new Error(`ticket #${next.number} could not be released: ${step.code}`);
  const released = step.value;
  await recordEvent(ctx, tx, released.id, "released", "system", {
    status: released.status,
    startDueAt: released.startDueAt?.toISOString() ?? null,
  });
  await notifyCustomer(ctx, tx, released, [notice("released", { number: released.number })]);
  await notifyStaff(ctx, tx, released.id);
  return released;
}
