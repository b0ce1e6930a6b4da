import type { Language } from "../../kernel/language.js";
import { ok, type Result, refuse } from "../../kernel/result.js";
import { statusAtOpening } from "../domain/lifecycle.js";
import { routeCategory } from "../domain/routing.js";
import { inTicketTransaction, type TicketContext } from "./context.js";
import { type CustomerContact, recordContact } from "./customers.js";
import { type Estimate, estimateFor } from "./estimate.js";
import { lockCustomer } from "./locks.js";
import { notifyStaff, recordCustomerMessage, recordEvent } from "./notify.js";
import { openRequestsOf, type TicketRow } from "./ticket-reads.js";

export interface Attachment {
  name: string;
  mimeType: string;
  size: number;
  /** Our storage key; platform URLs with tokens are never stored. */
  key: string;
}

export interface OpenTicketInput {
  customerId: string;
  channel: string;
  chatId: string | null;
  language: Language;
  categoryId: string;
  /** The answer to the category's disambiguation question (R1.4). */
  answerId?: string;
  description: string;
  /** The details the customer gave; they are also kept on the customer's profile. */
  contact: CustomerContact;
  attachments?: Attachment[];
  /** The platform's id of the customer's message (an email's Message-ID), kept on the first message. */
  platformMessageId?: string;
}

export type OpenTicketRefusal = "unknown_category" | "answer_required" | "unknown_answer" | "empty_description";

/**
 * Opens a request (R1.1): routed to exactly one department by its category; a customer's further
 * requests are parked behind the active one (R2.5); approval categories wait for Customer care (R1.5).
 */
export async function openTicket(
  ctx: TicketContext,
  input: OpenTicketInput,
): Promise<Result<{ ticket: TicketRow; estimate: Estimate }, OpenTicketRefusal>> {
  const route = routeCategory(ctx.policy, input.categoryId, input.answerId);
  if (!route.ok) return route;
  if (input.description.trim() === "") return refuse("empty_description");
  const { departmentId, requiresApproval } = route.value;

  return inTicketTransaction(
    ctx,
    async (tx) => {
      await lockCustomer(tx, input.customerId);
      const now = ctx.clock.now();
      const open = await openRequestsOf(tx, input.customerId);
      const previous = open[open.length - 1];
      const status = statusAtOpening({ behindAnother: previous !== undefined, requiresApproval });
      const ticket = await tx.ticket.create({
        data: {
          kind: "request",
          customerId: input.customerId,
          channel: input.channel,
          chatId: input.chatId,
          language: input.language,
          categoryId: input.categoryId,
          departmentId,
          status,
          description: input.description,
          contact: input.contact,
          relatedTicketId: previous?.id ?? null,
          createdAt: now,
          ...(status === "ready" ? { readyAt: now, resolutionDueAt: ctx.schedule.resolutionDeadline(departmentId, now) } : {}),
        },
      });
      await recordCustomerMessage(tx, ticket.id, { ...input, text: input.description }, now);
      await recordContact(tx, input.customerId, input.contact);
      await recordEvent(ctx, tx, ticket.id, "created", `customer:${input.customerId}`, {
        categoryId: input.categoryId,
        answerId: input.answerId ?? null,
        departmentId,
        status,
        ...(previous ? { after: previous.number } : {}),
      });
      await notifyStaff(ctx, tx, ticket.id);
      return { ticket, estimate: await estimateFor(ctx, tx, ticket) };
    },
    (r) => [r.ticket.id],
  ).then(ok);
}
