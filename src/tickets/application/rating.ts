import { ok, type Result, refuse } from "../../kernel/result.js";
import { type IllegalTransition, nextStatus } from "../domain/lifecycle.js";
import { inTicketTransaction, type TicketContext } from "./context.js";
import { lockCustomerOfTicket } from "./locks.js";
import { notice, notifyCustomer, notifyStaff, recordEvent } from "./notify.js";
import { loadTicket, type TicketRow } from "./ticket-reads.js";

export type RatingRefusal = IllegalTransition | "unknown_ticket" | "not_your_ticket" | "already_rated" | "invalid_stars";

/** Below this many stars a satisfaction case opens in Customer care (R4.2, R1.5). */
const SATISFACTION_CASE_BELOW = 3;

/** R4.2: the customer rates a resolved ticket 1–5 stars, once; 1–2★ opens a satisfaction case. */
export async function rate(
  ctx: TicketContext,
  customerId: string,
  ticketId: string,
  stars: number,
  comment?: string,
): Promise<Result<{ ticket: TicketRow; satisfactionCase: TicketRow | null }, RatingRefusal>> {
  if (!Number.isInteger(stars) || stars < 1 || stars > 5) return refuse("invalid_stars");
  return inTicketTransaction(
    ctx,
    async (tx): Promise<Result<{ ticket: TicketRow; satisfactionCase: TicketRow | null }, RatingRefusal>> => {
      await lockCustomerOfTicket(tx, ticketId);
      const ticket = await loadTicket(tx, ticketId);
      if (!ticket) return refuse("unknown_ticket");
      if (ticket.customerId !== customerId) return refuse("not_your_ticket");
      const allowed = nextStatus(ticket, "rate");
      if (!allowed.ok) return allowed;
      if (await tx.rating.findUnique({ where: { ticketId } })) return refuse("already_rated");
      const now = ctx.clock.now();
      await tx.rating.create({ data: { ticketId, stars, comment: comment ?? null, createdAt: now } });
      await recordEvent(ctx, tx, ticketId, "rated", `customer:${customerId}`, { stars });
      await notifyCustomer(ctx, tx, ticket, [notice("rated", { number: ticket.number, stars })]);
      await notifyStaff(ctx, tx, ticketId);

      let satisfactionCase: TicketRow | null = null;
      if (stars < SATISFACTION_CASE_BELOW) {
        const department = ctx.policy.customerCare.department;
        satisfactionCase = await tx.ticket.create({
          data: {
            kind: "satisfaction",
            customerId,
            channel: ticket.channel,
            chatId: ticket.chatId,
            language: ticket.language,
            categoryId: "satisfaction",
            departmentId: department,
            // Outside the issue chain: straight into Customer care's queue.
            status: "ready",
            description: `${stars}★ #${ticket.number}${comment ? `: ${comment}` : ""}`,
            relatedTicketId: ticket.id,
            readyAt: now,
            resolutionDueAt: ctx.schedule.resolutionDeadline(department, now),
            createdAt: now,
          },
        });
        await recordEvent(ctx, tx, satisfactionCase.id, "created", "system", { reason: "low_rating", stars, about: ticket.number });
        await notifyStaff(ctx, tx, satisfactionCase.id);
      }
      return ok({ ticket, satisfactionCase });
    },
    (r) => (r.ok ? [r.value.ticket.id, ...(r.value.satisfactionCase ? [r.value.satisfactionCase.id] : [])] : []),
  );
}
