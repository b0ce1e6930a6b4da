import type { Language } from "../../kernel/language.js";
import type { Policy } from "../../policy/policy.schema.js";
import type { TicketContext } from "./context.js";

/** Finds or creates the customer behind a channel identity (one customer per identity). */
export async function identifyCustomer(
  ctx: TicketContext,
  identity: { channel: string; externalId: string; displayName?: string; language: Language },
) {
  const existing = await ctx.db.prisma.customerIdentity.findUnique({
    where: { channel_externalId: { channel: identity.channel, externalId: identity.externalId } },
    include: { customer: true },
  });
  if (existing) return existing.customer;
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

/**
 * Seeds the staff table from the policy: department members and the general-duty group (R4.1, R2.6).
 * Members are Slack user ids (U…/W…) or console logins.
 */
export async function syncStaffFromPolicy(ctx: Pick<TicketContext, "db">, policy: Policy): Promise<number> {
  const memberships = new Map<string, { departments: Set<string>; generalDuty: boolean }>();
  const entry = (member: string) => {
    let found = memberships.get(member);
    if (!found) {
      found = { departments: new Set(), generalDuty: false };
      memberships.set(member, found);
    }
    return found;
  };
  for (const department of policy.departments) for (const member of department.members) entry(member).departments.add(department.id);
  for (const member of policy.generalDuty.members) entry(member).generalDuty = true;

  for (const [member, { departments, generalDuty }] of memberships) {
    const isSlack = /^[UW][A-Z0-9]{2,}$/.test(member);
    const where = isSlack ? { slackUserId: member } : { login: member };
    const existing = await ctx.db.prisma.staff.findUnique({ where });
    const merged = [...new Set([...(existing?.departments ?? []), ...departments])];
    if (existing) {
      await ctx.db.prisma.staff.update({
        where: { id: existing.id },
        data: { departments: merged, generalDuty: existing.generalDuty || generalDuty },
      });
    } else {
      await ctx.db.prisma.staff.create({ data: { name: member, ...where, departments: merged, generalDuty, source: "policy" } });
    }
  }
  return memberships.size;
}
