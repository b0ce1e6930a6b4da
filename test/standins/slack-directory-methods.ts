import type { SlackMethod } from "./slack-chat-methods.js";
import { optionalBool, optionalInt, optionalString, requiredString, SlackApiError } from "./slack-params.js";
import { imChannelFor, type SlackUserSeed, type SlackWorkspace } from "./slack-workspace.js";

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/** Slack cursors are opaque base64; members cursors decode to `user:<next member id>`. */
const encodeCursor = (userId: string) => Buffer.from(`user:${userId}`).toString("base64");

function decodeCursor(cursor: string, members: string[]): number {
  const decoded = Buffer.from(cursor, "base64").toString("utf8");
  const index = decoded.startsWith("user:") ? members.indexOf(decoded.slice("user:".length)) : -1;
  if (index < 0) throw new SlackApiError("invalid_cursor");
  return index;
}

function userObject(user: SlackUserSeed, workspace: SlackWorkspace, includeLocale: boolean): Record<string, unknown> {
  const realName = user.realName ?? user.name;
  return {
    id: user.id,
    team_id: workspace.identity.teamId,
    name: user.name,
    deleted: false,
    real_name: realName,
    tz: user.tz ?? "Asia/Ho_Chi_Minh",
    tz_offset: user.tzOffset ?? 25_200,
    is_bot: user.isBot ?? false,
    is_admin: false,
    profile: { real_name: realName, display_name: user.name, ...(user.email ? { email: user.email } : {}) },
    // Slack sends the locale only when asked with include_locale=true.
    ...(includeLocale ? { locale: user.locale ?? "en-US" } : {}),
  };
}

export const directoryMethods: Record<string, SlackMethod> = {
  "auth.test": (_params, workspace) => {
    const { teamDomain, teamId, botUserId, botId } = workspace.identity;
    return {
      url: `https://${teamDomain}.slack.com/`,
      team: teamDomain,
      user: "hotro",
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    };
  },

  "conversations.members": (params, workspace) => {
    const channel = workspace.channel(optionalString(params, "channel"));
    const limit = Math.min(optionalInt(params, "limit") || DEFAULT_PAGE, MAX_PAGE);
    if (limit < 1) throw new SlackApiError("invalid_limit");
    const cursor = optionalString(params, "cursor");
    const start = cursor === undefined ? 0 : decodeCursor(cursor, channel.members);
    const members = channel.members.slice(start, start + limit);
    const next = channel.members[start + limit];
    return { members, response_metadata: { next_cursor: next === undefined ? "" : encodeCursor(next) } };
  },

  "conversations.info": (params, workspace) => {
    const channel = workspace.channel(optionalString(params, "channel"));
    const info: Record<string, unknown> = {
      id: channel.id,
      name: channel.name,
      name_normalized: channel.name,
      is_channel: !channel.isIm && !channel.isPrivate,
      is_group: !channel.isIm && channel.isPrivate,
      is_im: channel.isIm,
      is_private: channel.isPrivate,
      is_archived: false,
      is_general: false,
      is_member: channel.members.includes(workspace.identity.botUserId),
      created: 1_690_000_000,
    };
    if (optionalBool(params, "include_num_members")) info.num_members = channel.members.length;
    return { channel: info };
  },

  "conversations.open": (params, workspace) => {
    const users = requiredString(params, "users", "users_list_not_supplied").split(",");
    const [user, ...others] = users;
    // Group DMs (several users) are not simulated; say so instead of pretending.
    if (user === undefined || others.length > 0) throw new SlackApiError("standin_supports_one_user_only");
    if (!workspace.users.has(user)) throw new SlackApiError("user_not_found");
    return { channel: { id: imChannelFor(workspace, user).id } };
  },

  "users.info": (params, workspace) => {
    const user = workspace.users.get(optionalString(params, "user") ?? "");
    if (!user) throw new SlackApiError("user_not_found");
    return { user: userObject(user, workspace, optionalBool(params, "include_locale")) };
  },
};
