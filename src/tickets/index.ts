/** The tickets module's one public door: use cases bound to their context, and the types adapters need. */
import * as claims from "./application/claim.js";
import type { TicketContext } from "./application/context.js";
import * as lifecycle from "./application/lifecycle.js";
import { openTicket } from "./application/open-ticket.js";
import { identifyCustomer, setCustomerLanguage, syncStaffFromPolicy } from "./application/people.js";
import { rate } from "./application/rating.js";
import * as replies from "./application/replies.js";
import { watchDeadlines } from "./application/sla-watch.js";
import * as views from "./application/views.js";

export type { TicketContext } from "./application/context.js";
export type { Estimate } from "./application/estimate.js";
export type { Attachment, OpenTicketInput } from "./application/open-ticket.js";
export type { OpeningState, Schedule, SlaState } from "./application/schedule.port.js";
export type { TicketRow } from "./application/ticket-reads.js";
export { type AuthorizationRefusal, authorize, type StaffAction } from "./domain/authorization.js";
export { type IllegalTransition, type LifecycleAction, lifecycle } from "./domain/lifecycle.js";
/** For the conversation engine: a request prefilled from free text gets its likely category (R1.1). */
export { suggestCategories } from "./domain/routing.js";
export { isActive, isOpen, openStatuses, type TicketStatus, ticketStatuses } from "./domain/ticket.js";

const bind =
  <A extends unknown[], R>(ctx: TicketContext, f: (ctx: TicketContext, ...args: A) => R) =>
  (...args: A) =>
    f(ctx, ...args);

export function createTicketService(ctx: TicketContext) {
  return {
    context: ctx,
    open: bind(ctx, openTicket),
    claimNext: bind(ctx, claims.claimNext),
    claim: bind(ctx, claims.claim),
    unclaim: bind(ctx, claims.unclaim),
    reassign: bind(ctx, claims.reassign),
    reply: bind(ctx, replies.reply),
    resolve: bind(ctx, replies.resolve),
    addNote: bind(ctx, replies.addNote),
    addCustomerMessage: bind(ctx, replies.addCustomerMessage),
    approve: bind(ctx, lifecycle.approve),
    reject: bind(ctx, lifecycle.reject),
    reroute: bind(ctx, lifecycle.reroute),
    handBack: bind(ctx, lifecycle.handBack),
    reopen: bind(ctx, lifecycle.reopen),
    withdraw: bind(ctx, lifecycle.withdraw),
    rate: bind(ctx, rate),
    queueView: bind(ctx, views.queueView),
    customerStatus: bind(ctx, views.customerStatus),
    timeline: bind(ctx, views.timelineOf),
    identifyCustomer: bind(ctx, identifyCustomer),
    setCustomerLanguage: bind(ctx, setCustomerLanguage),
    syncStaffFromPolicy: () => syncStaffFromPolicy(ctx, ctx.policy),
    watchDeadlines: () => watchDeadlines(ctx),
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
