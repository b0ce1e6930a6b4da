import { ok, type Result, refuse } from "../../kernel/result.js";
import type { Policy } from "../../policy/policy.schema.js";
import type { TicketContext } from "./context.js";
import { staffScope } from "./reads/scope.js";

/**
 * Staff are the truth of department membership (R4.1): seeded from the policy, kept in step with
 * the Slack channels, and given console accounts. Every read and write of the staff table is here.
 */
export interface StaffProfile {
  id: string;
  name: string;
  login: string | null;
  slackUserId: string | null;
  locale: string | null;
  departments: string[];
  generalDuty: boolean;
  active: boolean;
  /** May manage console accounts. */
  admin: boolean;
  /** policy, slack or console: where the membership came from. */
  source: string;
}

const profile = {
  id: true,
  name: true,
  login: true,
  slackUserId: true,
  locale: true,
  departments: true,
  generalDuty: true,
  active: true,
  admin: true,
  source: true,
} as const;

export async function staffMember(ctx: TicketContext, staffId: string): Promise<StaffProfile | null> {
  return ctx.db.prisma.staff.findUnique({ where: { id: staffId }, select: profile });
}

/** The active members of a department, by name (Customer care's reassign picker). */
export async function departmentMembers(
  ctx: TicketContext,
  staffId: string,
  departmentId: string,
): Promise<Result<{ id: string; name: string }[], string>> {
  // Who works in a department is for Customer care (who reassigns anywhere) and its own members.
  const scope = await staffScope(ctx, ctx.db.prisma, staffId);
  if (!scope.ok) return scope;
  if (!scope.value.customerCare && !scope.value.departments.includes(departmentId)) return refuse("not_your_department");
  return ok(
    await ctx.db.prisma.staff.findMany({
      where: { active: true, departments: { has: departmentId } },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
  );
}

/** A console login's password hash, for the sign-in check. */
export async function staffCredentials(ctx: TicketContext, login: string) {
  return ctx.db.prisma.staff.findUnique({ where: { login }, select: { id: true, active: true, passwordHash: true } });
}

export async function anyStaffCanSignIn(ctx: Pick<TicketContext, "db">): Promise<boolean> {
  return (await ctx.db.prisma.staff.count({ where: { passwordHash: { not: null }, active: true } })) > 0;
}

/**
 * Creates a console account, or sets the password and memberships of an existing login (a member
 * seeded from the policy by login gets its password this way).
 */
export async function saveStaffAccount(
  ctx: Pick<TicketContext, "db">,
  account: { login: string; name: string; departments: string[]; generalDuty: boolean; passwordHash: string; admin?: boolean },
): Promise<{ id: string; created: boolean }> {
  const { login, admin, ...fields } = account;
  // The first account anyone can sign in with administers the others: nobody else could grant it.
  const first = !(await anyStaffCanSignIn(ctx));
  const data = { ...fields, active: true, ...(admin || first ? { admin: true } : {}) };
  const existing = await ctx.db.prisma.staff.findUnique({ where: { login } });
  if (existing) {
    await ctx.db.prisma.staff.update({ where: { id: existing.id }, data });
    return { id: existing.id, created: false };
  }
  const created = await ctx.db.prisma.staff.create({ data: { ...data, login, source: "console" } });
  return { id: created.id, created: true };
}

/** A row of the administrators' staff list. */
export interface StaffListEntry extends StaffProfile {
  /** Has a console password (can sign in when active). */
  canSignIn: boolean;
}

/** Everyone in the staff table, active first, by name: what administrators manage. */
export async function listStaff(ctx: Pick<TicketContext, "db">): Promise<StaffListEntry[]> {
  const rows = await ctx.db.prisma.staff.findMany({
    select: { ...profile, passwordHash: true },
    orderBy: [{ active: "desc" }, { name: "asc" }],
  });
  return rows.map(({ passwordHash, ...row }) => ({ ...row, canSignIn: passwordHash !== null }));
}

export interface StaffChanges {
  name?: string;
  departments?: string[];
  generalDuty?: boolean;
  active?: boolean;
  admin?: boolean;
  passwordHash?: string;
}

/**
 * An administrator's change to a person. Memberships set here make the console their source: the
 * Slack sync then only adds the departments of channels they join, never removes these (R4.1).
 * Refuses to leave nobody able to administer: the last active administrator cannot be demoted or deactivated.
 */
export async function changeStaff(
  ctx: Pick<TicketContext, "db">,
  staffId: string,
  changes: StaffChanges,
): Promise<Result<StaffProfile, "unknown_staff" | "last_admin">> {
  return ctx.db.prisma.$transaction(async (tx) => {
    const existing = await tx.staff.findUnique({ where: { id: staffId }, select: profile });
    if (!existing) return refuse("unknown_staff");
    const losesAdmin = existing.admin && existing.active && (changes.admin === false || changes.active === false);
    if (losesAdmin) {
      const others = await tx.staff.count({ where: { admin: true, active: true, id: { not: staffId } } });
      if (others === 0) return refuse("last_admin");
    }
    const membership = changes.departments !== undefined || changes.generalDuty !== undefined;
    const updated = await tx.staff.update({
      where: { id: staffId },
      data: { ...changes, ...(membership ? { source: "console" } : {}) },
      select: profile,
    });
    return ok(updated);
  });
}

/** Turns a console login's access off (or back on); null for an unknown login. */
export async function setStaffActive(ctx: Pick<TicketContext, "db">, login: string, active: boolean): Promise<{ id: string } | null> {
  const existing = await ctx.db.prisma.staff.findUnique({ where: { login }, select: { id: true } });
  if (!existing) return null;
  await ctx.db.prisma.staff.update({ where: { id: existing.id }, data: { active } });
  return existing;
}

export async function staffBySlackUser(ctx: TicketContext, slackUserId: string): Promise<StaffProfile | null> {
  return ctx.db.prisma.staff.findUnique({ where: { slackUserId }, select: profile });
}

/**
 * Keeps a Slack user's staff row in step with the department channels they are in: created with
 * source "slack" when they first act; Slack and policy memberships follow the channels, console-made
 * ones are kept. `fresh` is their Slack profile when it was (re)read.
 */
export async function saveSlackStaff(
  ctx: TicketContext,
  member: { slackUserId: string; departments: string[]; generalDuty: boolean; fresh: { name: string; locale: string | null } | null },
): Promise<StaffProfile> {
  const { slackUserId, departments, generalDuty, fresh } = member;
  const existing = await staffBySlackUser(ctx, slackUserId);
  if (!existing) {
    return ctx.db.prisma.staff.create({
      data: { name: fresh?.name ?? slackUserId, slackUserId, locale: fresh?.locale ?? null, departments, generalDuty, source: "slack" },
      select: profile,
    });
  }
  const fromConsole = existing.source === "console";
  return ctx.db.prisma.staff.update({
    where: { id: existing.id },
    data: {
      departments: fromConsole ? [...new Set([...existing.departments, ...departments])] : departments,
      generalDuty: fromConsole ? existing.generalDuty || generalDuty : generalDuty,
      ...(fresh ? { locale: fresh.locale, ...(existing.name === slackUserId ? { name: fresh.name } : {}) } : {}),
    },
    select: profile,
  });
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
