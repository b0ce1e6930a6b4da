import type { OutboundButton, OutboundMessage, TextPart } from "../kernel/outbound.js";
import { customerCategoryName } from "../policy/names.js";
import { isOpen } from "../tickets/index.js";
import { button, type DialogContext, message } from "./dialog-context.js";
import { estimateText } from "./estimate-text.js";
import { key } from "./types.js";

const SHOWN = 5;

/** R1.1: "my requests": each with its state, position and estimate; withdraw an open one, reopen a resolved one. */
export async function statusAnswer(ctx: DialogContext): Promise<OutboundMessage[]> {
  const rows = (await ctx.tickets.customerStatus(ctx.customer.id)).slice(0, SHOWN);
  if (rows.length === 0) return [message(ctx.language, [key("conversation:status.none")])];
  const now = ctx.clock.now().getTime();
  const reopenMs = ctx.policy.sla.reopenWindowHours * 3_600_000;
  const text: TextPart[] = [key("conversation:status.header")];
  const buttons: OutboundButton[][] = [];
  for (const { ticket, estimate } of rows) {
    const category = customerCategoryName(ctx.policy, ticket.categoryId, ctx.language);
    text.push(key(`conversation:status.item.${ticket.status}`, { number: ticket.number, category }));
    if (isOpen(ticket.status)) {
      text.push(...estimateText(ctx.policy, estimate, ticket.departmentId, ctx.language));
      buttons.push([button(`withdraw:${ticket.number}`, "conversation:status.withdraw", { number: ticket.number })]);
    } else if (ticket.status === "resolved" && ticket.resolvedAt && now - ticket.resolvedAt.getTime() <= reopenMs) {
      buttons.push([button(`reopen:${ticket.number}`, "conversation:status.reopen", { number: ticket.number })]);
    }
  }
  return [message(ctx.language, text, buttons)];
}

const ownTicket = (ctx: DialogContext, number: number) => ctx.tickets.customerTicketId(ctx.customer.id, number);

const refusal = (ctx: DialogContext, number: number, code: string) => {
  const known = ["unknown_ticket", "not_your_ticket", "wrong_status", "reopen_window_passed"];
  return [message(ctx.language, [key(`conversation:status.refused.${known.includes(code) ? code : "wrong_status"}`, { number })])];
};

/**
 * Withdrawing cannot be undone: the first tap (or its number) only asks, on every channel; the
 * answer's buttons (`withdraw:<n>:yes`, `withdraw:<n>:no`) or a typed "có" / "không" decide.
 */
export async function confirmWithdraw(ctx: DialogContext, number: number): Promise<OutboundMessage[]> {
  if (!(await ownTicket(ctx, number))) return refusal(ctx, number, "unknown_ticket");
  return [
    message(
      ctx.language,
      [key("conversation:status.confirmWithdraw", { number })],
      [
        [button(`withdraw:${number}:yes`, "conversation:status.confirmYes", { number })],
        [button(`withdraw:${number}:no`, "conversation:status.confirmNo", { number })],
      ],
    ),
  ];
}

export const keptOpen = (ctx: DialogContext, number: number): OutboundMessage[] => [
  message(ctx.language, [key("conversation:status.kept", { number })]),
];

/** Reopen or withdraw from a button, even an old one: the ticket number is in the id. The use case tells the customer. */
export async function ticketAction(ctx: DialogContext, action: "reopen" | "withdraw", number: number): Promise<OutboundMessage[]> {
  const ticketId = await ownTicket(ctx, number);
  if (!ticketId) return refusal(ctx, number, "unknown_ticket");
  const result = await ctx.tickets[action](ctx.customer.id, ticketId);
  return result.ok ? [] : refusal(ctx, number, result.code);
}

/** R4.2: a rating from the 1–5 buttons, stored once; the use case thanks the customer. */
export async function rateTicket(ctx: DialogContext, number: number, stars: number): Promise<OutboundMessage[]> {
  const ticketId = await ownTicket(ctx, number);
  if (!ticketId) return refusal(ctx, number, "unknown_ticket");
  const result = await ctx.tickets.rate(ctx.customer.id, ticketId, stars);
  if (result.ok) return [];
  if (result.code === "already_rated") return [message(ctx.language, [key("conversation:rating.already", { number })])];
  if (result.code === "not_resolved") return [message(ctx.language, [key("conversation:rating.notResolved", { number })])];
  return [message(ctx.language, [key("conversation:expired")])];
}
