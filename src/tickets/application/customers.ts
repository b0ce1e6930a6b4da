import type { Tx } from "../../db/database.js";
import type { Customer } from "../../db/generated/client.js";
import type { Language } from "../../kernel/language.js";
import type { TicketContext } from "./context.js";

/**
 * Finds or creates the customer behind a channel identity (one customer per identity). With
 * `interactedAt`, the identity's last interaction moves forward to it (a late retry of an older event
 * never moves it back): the channel's reply window starts from there.
 */
export async function identifyCustomer(
  ctx: TicketContext,
  identity: { channel: string; externalId: string; displayName?: string; language: Language; interactedAt?: Date },
) {
  const at = identity.interactedAt?.toISOString() ?? null;
  // Every customer message starts here: one plain statement (the ORM's planning would cost more than the work).
  // PostgreSQL runs a data-modifying WITH part whether or not the query reads it: `moved` needs no reference.
  const [existing] = await ctx.db.sql<Customer>(
    `WITH i AS (SELECT id, "customerId", "lastInteractionAt" FROM "CustomerIdentity" WHERE channel = $1 AND "externalId" = $2),
     moved AS (
       UPDATE "CustomerIdentity" SET "lastInteractionAt" = $3::timestamp FROM i
       WHERE "CustomerIdentity".id = i.id AND $3::timestamp IS NOT NULL
         AND (i."lastInteractionAt" IS NULL OR i."lastInteractionAt" < $3::timestamp)
       RETURNING 1)
     SELECT c.* FROM i JOIN "Customer" c ON c.id = i."customerId"`,
    [identity.channel, identity.externalId, at],
  );
  if (existing) return existing;
  const created = await ctx.db.prisma.customer.create({
    data: {
      name: identity.displayName ?? null,
      language: identity.language,
      identities: {
        create: {
          channel: identity.channel,
          externalId: identity.externalId,
          displayName: identity.displayName ?? null,
          lastInteractionAt: identity.interactedAt ?? null,
        },
      },
    },
  });
  return created;
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

/** Keeps the details given (an empty or missing one leaves the profile's as it was), in the caller's transaction. */
export async function recordContact(tx: Tx, customerId: string, contact: CustomerContact): Promise<void> {
  const given = (["name", "phone", "email", "website"] as const).filter((field) => contact[field]);
  if (given.length === 0) return;
  await tx.customer.update({ where: { id: customerId }, data: Object.fromEntries(given.map((field) => [field, contact[field]])) });
}

export async function updateCustomerContact(ctx: TicketContext, customerId: string, contact: CustomerContact): Promise<void> {
  await recordContact(ctx.db.prisma, customerId, contact);
}

/** The web chat's "Get answers by email": the address is kept, and staff replies go there as well. */
export async function askRepliesByEmail(ctx: TicketContext, customerId: string, email: string): Promise<void> {
  await ctx.db.prisma.customer.update({ where: { id: customerId }, data: { email, replyByEmail: true } });
}
