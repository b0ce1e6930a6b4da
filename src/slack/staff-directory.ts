import type { WebClient } from "@slack/web-api";
import type { Clock } from "../kernel/clock.js";
import { type Language, pickLanguage } from "../kernel/language.js";
import type { Logger } from "../kernel/logger.js";
import type { Policy } from "../policy/policy.schema.js";
import type { TicketService } from "../tickets/index.js";

export interface StaffMember {
  id: string;
  name: string;
  slackUserId: string;
  departments: string[];
  generalDuty: boolean;
  language: Language;
}

export interface StaffDirectory {
  /**
   * The staff row of a Slack user, kept in step with the department channels' members and the
   * policy (R4.1); created with source "slack" when a member first acts. Null for a Slack user who
   * belongs to no department and is not on general duty.
   */
  resolve(slackUserId: string): Promise<StaffMember | null>;
}

/** Channel members are read again after this long. */
export const MEMBERS_TTL_MS = 60_000;

export function createStaffDirectory(deps: {
  tickets: TicketService;
  /** The running policy (a reload changes the departments' members). */
  policy: () => Policy;
  client: WebClient;
  clock: Clock;
  logger: Logger;
}): StaffDirectory {
  const { tickets, client, clock, logger } = deps;
  const cache = new Map<string, { at: number; members: Set<string> }>();

  async function membersOf(channel: string): Promise<Set<string>> {
    const now = clock.now().getTime();
    const cached = cache.get(channel);
    if (cached && now - cached.at < MEMBERS_TTL_MS) return cached.members;
    const members = new Set<string>();
    try {
      let cursor: string | undefined;
      do {
        const page = await client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
        for (const member of page.members ?? []) members.add(member);
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } catch (error) {
      // A channel the bot cannot read gives no members; the policy's lists still apply.
      logger.warn({ err: error, channel }, "could not read Slack channel members");
      if (cached) return cached.members;
    }
    cache.set(channel, { at: now, members });
    return members;
  }

  async function membership(userId: string) {
    const departments: string[] = [];
    const policy = deps.policy();
    for (const department of policy.departments) {
      const inChannel = department.slackChannel ? (await membersOf(department.slackChannel)).has(userId) : false;
      if (inChannel || department.members.includes(userId)) departments.push(department.id);
    }
    const duty = policy.generalDuty;
    const generalDuty = duty.members.includes(userId) || (duty.slackChannel ? (await membersOf(duty.slackChannel)).has(userId) : false);
    return { departments, generalDuty };
  }

  async function profile(userId: string): Promise<{ name: string; locale: string | null }> {
    try {
      const info = await client.users.info({ user: userId, include_locale: true });
      return { name: info.user?.real_name || info.user?.name || userId, locale: info.user?.locale ?? null };
    } catch (error) {
      logger.warn({ err: error, userId }, "could not read a Slack user's profile");
      return { name: userId, locale: null };
    }
  }

  return {
    async resolve(slackUserId) {
      const { departments, generalDuty } = await membership(slackUserId);
      const existing = await tickets.staffBySlackUser(slackUserId);
      if (!existing && departments.length === 0 && !generalDuty) return null;
      // The profile (name, locale) is read from Slack once, or again while the locale is unknown.
      const fresh = !existing || existing.locale === null ? await profile(slackUserId) : null;
      const row = await tickets.saveSlackStaff({ slackUserId, departments, generalDuty, fresh });
      return {
        id: row.id,
        name: row.name,
        slackUserId,
        departments: row.departments,
        generalDuty: row.generalDuty,
        language: pickLanguage(row.locale ?? undefined, deps.policy().company.defaultLanguage),
      };
    },
  };
}
