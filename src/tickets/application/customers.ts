import type { Tx } from "../../db/database.js";
import type { Customer } from "../../db/generated/client.js";
import type { Language } from "../../kernel/language.js";
import type { TicketContext } from "./context.js";

/** Finds or creates the customer behind a channel identity (one customer per identity). */
export async function identifyCustomer(
  ctx: TicketContext,
  identity: { channel: string; externalId: string; displayName?: string; language: Language },
) {
  // Every customer message starts here: one plain statement (the ORM's planning would cost more than the read).
  const [existing] = await ctx.db.sql<Customer>(
    `SELECT c.* FROM "CustomerIdentity" i JOIN "Customer" c ON c.id = i."customerId" WHERE i.channel = $1 AND i."externalId" = $2`,
    [identity.channel, identity.externalId],
  );
  if (existing) return existing;
  const created = await ctx.db.prisma.customer.create({
    data: {
      name: identity.displayName ?? null,
      language: identity.language,
      identities: { create: { channel: identity.channel, externalId: identity.externalId, displayName: identity.displayName ?? null } },
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
