import type { Tx } from "../../db/database.js";
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
  const existing = await ctx.db.prisma.customerIdentity.findUnique({
    where: { channel_externalId: { channel: identity.channel, externalId: identity.externalId } },
    include: { customer: true },
  });
  const at = identity.interactedAt;
  if (existing) {
    if (at && (!existing.lastInteractionAt || existing.lastInteractionAt < at)) {
      await ctx.db.prisma.customerIdentity.updateMany({
        where: { id: existing.id, OR: [{ lastInteractionAt: null }, { lastInteractionAt: { lt: at } }] },
        data: { lastInteractionAt: at },
      });
    }
    return existing.customer;
  }
  const created = await ctx.db.prisma.customer.create({
    data: {
      name: identity.displayName ?? null,
      language: identity.language,
      identities: {
        create: {
          channel: identity.channel,
          externalId: identity.externalId,
          displayName: identity.displayName ?? null,
          lastInteractionAt: at ?? null,
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
