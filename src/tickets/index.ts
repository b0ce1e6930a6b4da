/**
 * The tickets module's one public door: its use cases (changes and reads) bound to their context,
 * and the types adapters need. Nothing outside src/tickets reads or writes ticket, customer or
 * staff rows but through here.
 */
import * as acting from "./application/acting.js";
import * as claims from "./application/claim.js";
import type { TicketContext } from "./application/context.js";
import * as customers from "./application/customers.js";
import { recordDeliveryFailure } from "./application/delivery-failure.js";
import { alsoByEmail } from "./application/email-copy.js";
import * as lifecycle from "./application/lifecycle.js";
import { openTicket } from "./application/open-ticket.js";
import * as privacy from "./application/privacy.js";
import { rate } from "./application/rating.js";
import { appHome } from "./application/reads/app-home.js";
import { cardData } from "./application/reads/card.js";
import { careOverview } from "./application/reads/care-overview.js";
import { customerPage, linkedTicket } from "./application/reads/customer-page.js";
import { dashboard } from "./application/reads/dashboard.js";
import { ticketsInScope } from "./application/reads/in-scope.js";
import { mailTicket, ticketOfCustomerMessage } from "./application/reads/mail-ticket.js";
import { ticketReplyWindow } from "./application/reads/reply-window.js";
import { searchTickets } from "./application/reads/search.js";
import { staffQueues } from "./application/reads/staff-queues.js";
import { customerTicketId, ticketBrief } from "./application/reads/ticket-brief.js";
import { ticketView } from "./application/reads/ticket-view.js";
import { usualFirstResponse } from "./application/reads/usual-response.js";
import * as replies from "./application/replies.js";
import { anonymiseExpiredTickets, removeExpiredExports, removeUnattachedFiles } from "./application/retention.js";
import { watchDeadlines } from "./application/sla-watch.js";
import * as staff from "./application/staff.js";
import { revokeTicketLink } from "./application/ticket-link.js";
import { isHolidayNow } from "./application/ticket-reads.js";
import * as views from "./application/views.js";

export type { TicketContext } from "./application/context.js";
export type { CustomerContact } from "./application/customers.js";
export { EMAIL_CHANNEL, type EmailCopy, type EmailCopyReason, emailDestination } from "./application/email-copy.js";
export type { Estimate } from "./application/estimate.js";
export type { Attachment, OpenTicketInput } from "./application/open-ticket.js";
export { createPolicySchedule } from "./application/policy-schedule.js";
export type {
  Confirmed,
  ConfirmRefusal,
  ConsentDecision,
  IdentityCheck,
  PrivacyKind,
  PrivacyRequestLine,
} from "./application/privacy.js";
export type { CustomerExport } from "./application/privacy-export.js";
export type { AppHomeData, TodaysFigures } from "./application/reads/app-home.js";
export type { CardData } from "./application/reads/card.js";
export type { CareOverview } from "./application/reads/care-overview.js";
export { type CustomerPage, type LinkedTicket, type PagePrivacy, takesAnswers } from "./application/reads/customer-page.js";
export type { Dashboard } from "./application/reads/dashboard.js";
export type { MailTicket } from "./application/reads/mail-ticket.js";
export type { SearchHit } from "./application/reads/search.js";
export type { DepartmentLine } from "./application/reads/staff-queues.js";
export type { TicketSummary } from "./application/reads/summaries.js";
export type { TicketBrief } from "./application/reads/ticket-brief.js";
export type { TicketView } from "./application/reads/ticket-view.js";
export type { UsualFirstResponse } from "./application/reads/usual-response.js";
export type { ReplyRefusal, WriteOptions, WrittenReply } from "./application/replies.js";
export type { CustomerReach, ReplyWindowView } from "./application/reply-window.js";
export type { OpeningState, Schedule, SlaState } from "./application/schedule.port.js";
export type { StaffChanges, StaffListEntry, StaffProfile } from "./application/staff.js";
export type { TicketRow } from "./application/ticket-reads.js";
export type { QueueEntry } from "./application/views.js";
export type { AuthorizationRefusal, StaffAction } from "./domain/authorization.js";
export { type IllegalTransition, type LifecycleAction, lifecycle } from "./domain/lifecycle.js";
export { looksLikeCode } from "./domain/one-time-code.js";
export type { ReplyWindowState } from "./domain/reply-window.js";
/** For the conversation engine: a request prefilled from free text gets its likely category (R1.1). */
export { suggestCategories, triageCategory } from "./domain/routing.js";
export { isActive, isOpen, openStatuses, type TicketStatus, ticketStatuses } from "./domain/ticket.js";

const bind =
  <A extends unknown[], R>(ctx: TicketContext, f: (ctx: TicketContext, ...args: A) => R) =>
  (...args: A) =>
    f(ctx, ...args);

export function createTicketService(ctx: TicketContext) {
  return {
    // Calendars and SLA, for adapters that show opening hours or a holiday (a pure port, no database).
    get schedule() {
      return ctx.schedule;
    },
    isHolidayNow: () => isHolidayNow(ctx),

    // Changes.
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
    revokeTicketLink: bind(ctx, revokeTicketLink),
    recordDeliveryFailure: bind(ctx, recordDeliveryFailure),
    // A message to the customer by email as well (their channel cannot reach them, or they asked).
    alsoByEmail: bind(ctx, alsoByEmail),
    watchDeadlines: () => watchDeadlines(ctx),
    // Personal data (Decree 13/2023): retention, consent, a customer's copy or deletion, verified contacts.
    anonymiseExpiredTickets: () => anonymiseExpiredTickets(ctx),
    removeExpiredExports: () => removeExpiredExports(ctx),
    removeUnattachedFiles: (heldElsewhere: (keys: string[]) => Promise<Set<string>>) => removeUnattachedFiles(ctx, heldElsewhere),
    recordConsent: bind(ctx, privacy.recordConsent),
    requestPrivacyCode: bind(ctx, privacy.requestPrivacyCode),
    requestPrivacyCodeForTicket: bind(ctx, privacy.requestPrivacyCodeForTicket),
    pendingPrivacyRequest: bind(ctx, privacy.pendingPrivacyRequest),
    confirmPrivacyCode: bind(ctx, privacy.confirmPrivacyCode),
    sendVerificationCode: bind(ctx, privacy.sendVerificationCode),
    ticketIdentity: bind(ctx, privacy.ticketIdentity),
    privacyRequests: bind(ctx, privacy.privacyRequests),

    // R4.1, asked before the work starts (the same check every staff use case makes).
    mayAct: bind(ctx, acting.mayAct),

    // Reads for staff, each within the staff member's scope (R4.1).
    staffQueues: bind(ctx, staffQueues),
    ticketView: bind(ctx, ticketView),
    replyWindow: bind(ctx, ticketReplyWindow),
    search: bind(ctx, searchTickets),
    careOverview: bind(ctx, careOverview),
    dashboard: bind(ctx, dashboard),
    appHome: bind(ctx, appHome),
    ticketsInScope: bind(ctx, ticketsInScope),
    // Reads for staff channels: what a card shows is the same for everyone who sees it.
    queueView: bind(ctx, views.queueView),
    cardData: bind(ctx, cardData),
    ticketBrief: bind(ctx, ticketBrief),
    timeline: bind(ctx, views.timelineOf),

    // Reads for customers.
    customerStatus: bind(ctx, views.customerStatus),
    customerTicketId: bind(ctx, customerTicketId),
    linkedTicket: bind(ctx, linkedTicket),
    mailTicket: bind(ctx, mailTicket),
    ticketOfCustomerMessage: bind(ctx, ticketOfCustomerMessage),
    customerPage: bind(ctx, customerPage),
    usualFirstResponse: bind(ctx, usualFirstResponse),

    // Customers.
    identifyCustomer: bind(ctx, customers.identifyCustomer),
    setCustomerLanguage: bind(ctx, customers.setCustomerLanguage),
    updateCustomerContact: bind(ctx, customers.updateCustomerContact),
    askRepliesByEmail: bind(ctx, customers.askRepliesByEmail),

    // Staff (R4.1 membership, console accounts).
    staffMember: bind(ctx, staff.staffMember),
    departmentMembers: bind(ctx, staff.departmentMembers),
    staffCredentials: bind(ctx, staff.staffCredentials),
    anyStaffCanSignIn: () => staff.anyStaffCanSignIn(ctx),
    saveStaffAccount: bind(ctx, staff.saveStaffAccount),
    listStaff: () => staff.listStaff(ctx),
    changeStaff: bind(ctx, staff.changeStaff),
    setStaffActive: bind(ctx, staff.setStaffActive),
    staffBySlackUser: bind(ctx, staff.staffBySlackUser),
    saveSlackStaff: bind(ctx, staff.saveSlackStaff),
    syncStaffFromPolicy: () => staff.syncStaffFromPolicy(ctx, ctx.policy),
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
