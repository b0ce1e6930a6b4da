import { numberedAfter, type SqlPart } from "../../db/combined-statement.js";
import type { Tx } from "../../db/database.js";
import type { Customer } from "../../db/generated/client.js";
import { inTransaction } from "../../db/transaction-scope.js";
import type { Language } from "../../kernel/language.js";
import { activeStatuses } from "../domain/ticket.js";
import type { TicketContext } from "./context.js";
import { unverified } from "./personal-data.js";
import { type ConsentDecision, consentOf } from "./privacy.js";

/**
 * A customer as a message finds them: their profile, their answer to the current personal-data notice,
 * and whether they had an active request (open, not parked) when the message came.
 */
export type IdentifiedCustomer = Customer & { consent: ConsentDecision | null; hasActiveRequest: boolean };

/** The row of the caller's read that rode along with `identifyCustomer` (as JSON), null when it found none. */
export type AlongsideRow = Record<string, unknown> | null;

/**
 * Finds or creates the customer behind a channel identity (one customer per identity), with their
 * answer to the current personal-data notice. With `interactedAt`, the identity's last interaction
 * moves forward to it (a late retry of an older event never moves it back): the channel's reply
 * window starts from there.
 *
 * `alongside`: a read of the caller's own (one row at most, not about the customer: the chat's dialog
 * state) run in the same statement, so a customer's turn starts with one round trip; its row comes back
 * as `alongside`, in JSON.
 */
export async function identifyCustomer(
  ctx: TicketContext,
  identity: { channel: string; externalId: string; displayName?: string; language: Language; interactedAt?: Date },
  alongside?: SqlPart,
): Promise<IdentifiedCustomer & { alongside: AlongsideRow }> {
  const params: unknown[] = [
    identity.channel,
    identity.externalId,
    identity.interactedAt?.toISOString() ?? null,
    identity.displayName ?? null,
    identity.language,
    ctx.clock.now().toISOString(),
    activeStatuses,
  ];
  const alongsideJoin = alongside ? `LEFT JOIN LATERAL (${numberedAfter(params, alongside)}) alongside ON true` : "";
  // Every customer message starts here, and a burst brings many first contacts: one plain statement
  // finds or creates the customer and reads their consent (the ORM would take four round trips).
  // PostgreSQL runs a data-modifying WITH part whether or not the query reads it: `moved` needs no reference.
  const [found] = await ctx.db.sql<
    Customer & { consentDecision: string | null; consentVersion: string | null; hasActiveRequest: boolean; alongside: AlongsideRow }
  >(
    `WITH i AS (SELECT id, "customerId", "lastInteractionAt" FROM "CustomerIdentity" WHERE channel = $1 AND "externalId" = $2),
     moved AS (
       UPDATE "CustomerIdentity" SET "lastInteractionAt" = $3::timestamp FROM i
       WHERE "CustomerIdentity".id = i.id AND $3::timestamp IS NOT NULL
         AND (i."lastInteractionAt" IS NULL OR i."lastInteractionAt" < $3::timestamp)
       RETURNING 1),
     created AS (
       INSERT INTO "Customer" (id, name, language, "createdAt")
       SELECT gen_random_uuid()::text, $4, $5, $6::timestamp WHERE NOT EXISTS (SELECT 1 FROM i)
       RETURNING *),
     identity AS (
       INSERT INTO "CustomerIdentity" (id, "customerId", channel, "externalId", "displayName", "lastInteractionAt", "createdAt")
       SELECT gen_random_uuid()::text, created.id, $1, $2, $4, $3::timestamp, $6::timestamp FROM created
       ON CONFLICT (channel, "externalId") DO NOTHING
       RETURNING "customerId"),
     customer AS (
       SELECT c.* FROM i JOIN "Customer" c ON c.id = i."customerId"
       UNION ALL SELECT created.* FROM created JOIN identity ON identity."customerId" = created.id)
     SELECT customer.*, consent.decision AS "consentDecision", consent.version AS "consentVersion",
       EXISTS (SELECT 1 FROM "Ticket" t WHERE t."customerId" = customer.id AND t.kind = 'request' AND t.status::text = ANY($7::text[]))
         AS "hasActiveRequest",
       ${alongside ? "to_jsonb(alongside)" : "NULL::jsonb"} AS alongside
     FROM customer LEFT JOIN LATERAL (
       SELECT decision, version FROM "ConsentRecord" r WHERE r."customerId" = customer.id ORDER BY at DESC LIMIT 1) consent ON true
     ${alongsideJoin}`,
    params,
  );
  // Nothing found and nothing created: the same identity's first message is being recorded by another
  // transaction this very moment. The turn is tried again and then finds the customer it created.
  if (!found) throw new Error(`customer ${identity.channel}:${identity.externalId} is being created by another message`);
  const { consentDecision, consentVersion, ...customer } = found;
  return {
    ...customer,
    consent: consentOf(ctx, consentDecision && consentVersion ? { decision: consentDecision, version: consentVersion } : null),
  };
}

/**
 * The customer's chosen language, kept in their profile; their tickets follow it, so later notices
 * and replies (greeting included, R3.5) come in the language they chose.
 */
export async function setCustomerLanguage(ctx: TicketContext, customerId: string, language: Language): Promise<void> {
  await ctx.db.prisma.$transaction([
    ctx.db.prisma.customer.update({ where: { id: customerId }, data: { language } }),
    ctx.db.prisma.ticket.updateMany({ where: { customerId }, data: { language } }),
  ]);
}

/** Contact details a customer gave (intake, web chat): kept on their profile so staff see them. */
export type CustomerContact = {
  name?: string;
  phone?: string;
  email?: string;
  website?: string;
};

/**
 * Keeps the details given (an empty or missing one leaves the profile's as it was), in the caller's
 * transaction. A verification proved the contact as it was: a new email or phone undoes it.
 */
export async function recordContact(tx: Tx, customerId: string, contact: CustomerContact): Promise<void> {
  const given = (["name", "phone", "email", "website"] as const).filter((field) => contact[field]);
  if (given.length === 0) return;
  const current = await tx.customer.findUnique({ where: { id: customerId }, select: { email: true, phone: true } });
  const changed = (["email", "phone"] as const).some((field) => contact[field] && contact[field] !== current?.[field]);
  const data = Object.fromEntries(given.map((field) => [field, contact[field]]));
  await tx.customer.update({ where: { id: customerId }, data: changed ? { ...data, ...unverified } : data });
}

export async function updateCustomerContact(ctx: TicketContext, customerId: string, contact: CustomerContact): Promise<void> {
  await recordContact(ctx.db.prisma, customerId, contact);
}

/** The web chat's "Get answers by email": the address is kept, and staff replies go there as well. */
export async function askRepliesByEmail(ctx: TicketContext, customerId: string, email: string): Promise<void> {
  await inTransaction(ctx.db.prisma, async (tx) => {
    await recordContact(tx, customerId, { email });
    await tx.customer.update({ where: { id: customerId }, data: { replyByEmail: true } });
  });
}
