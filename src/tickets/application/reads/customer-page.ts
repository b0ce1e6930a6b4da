import { isActive } from "../../domain/ticket.js";
import type { TicketContext } from "../context.js";
import type { Estimate } from "../estimate.js";
import { type TicketRow, withinReopenWindow } from "../ticket-reads.js";
import { customerStatus } from "../views.js";

/** What a ticket link names, before its signature is checked against the access token. */
export type LinkedTicket = Pick<
  TicketRow,
  "id" | "number" | "accessToken" | "customerId" | "kind" | "status" | "departmentId" | "language" | "resolvedAt" | "anonymizedAt"
>;

export async function linkedTicket(ctx: TicketContext, number: number): Promise<LinkedTicket | null> {
  return ctx.db.prisma.ticket.findUnique({
    where: { number },
    select: {
      id: true,
      number: true,
      accessToken: true,
      customerId: true,
      kind: true,
      status: true,
      departmentId: true,
      language: true,
      resolvedAt: true,
      anonymizedAt: true,
    },
  });
}

/** Messages attach to the customer's active request: only that request's page takes an answer. */
export const takesAnswers = (ticket: Pick<LinkedTicket, "kind" | "status">): boolean =>
  ticket.kind === "request" && isActive(ticket.status);

/** The customer's written record of a ticket (R3.3) and what they may do there. */
export interface CustomerPage {
  estimate: Estimate | null;
  /** What was written between the customer and staff: never internal notes. */
  messages: { direction: string; text: string; createdAt: Date }[];
  rating: number | null;
  canAnswer: boolean;
  canReopen: boolean;
  canRate: boolean;
  /** The content was deleted under the retention policy: the page says so instead of showing messages. */
  anonymized: boolean;
  /** Months a closed ticket keeps its content (the policy's retention period). */
  retentionMonths: number;
  privacy: PagePrivacy;
}

/** The page's personal-data panel: a code awaited, and whether a code can go by email. */
export interface PagePrivacy {
  awaitingCode: "export" | "erase" | "verify" | null;
  emailOnFile: boolean;
}

export async function customerPage(ctx: TicketContext, ticket: LinkedTicket): Promise<CustomerPage> {
  const prisma = ctx.db.prisma;
  const [statuses, messages, rating] = await Promise.all([
    customerStatus(ctx, ticket.customerId, 50),
    prisma.message.findMany({
      where: { ticketId: ticket.id, direction: { in: ["in", "out"] } },
      orderBy: { seq: "asc" },
      select: { direction: true, text: true, createdAt: true },
    }),
    prisma.rating.findUnique({ where: { ticketId: ticket.id } }),
  ]);
  const privacy = await pagePrivacy(ctx, ticket.customerId);
  return {
    estimate: statuses.find((s) => s.ticket.id === ticket.id)?.estimate ?? null,
    messages,
    rating: rating?.stars ?? null,
    canAnswer: takesAnswers(ticket),
    canReopen: ticket.kind === "request" && ticket.status === "resolved" && withinReopenWindow(ctx, ticket, ctx.clock.now()),
    canRate: ticket.status === "resolved" && rating === null,
    anonymized: ticket.anonymizedAt !== null,
    retentionMonths: ctx.policy.privacy.retentionMonths,
    privacy,
  };
}

async function pagePrivacy(ctx: TicketContext, customerId: string): Promise<PagePrivacy> {
  const prisma = ctx.db.prisma;
  const [customer, awaiting] = await Promise.all([
    prisma.customer.findUnique({ where: { id: customerId }, select: { email: true } }),
    prisma.privacyRequest.findFirst({
      where: { customerId, state: "awaiting_code" },
      orderBy: { requestedAt: "desc" },
      select: { kind: true },
    }),
  ]);
  const kind = awaiting?.kind;
  return {
    awaitingCode: kind === "export" || kind === "erase" || kind === "verify" ? kind : null,
    emailOnFile: Boolean(customer?.email && ctx.emailChannel),
  };
}
