import { SlackApiError } from "./slack-params.js";

export interface SlackIdentity {
  token: string;
  teamId: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  appId: string;
}

export interface SlackUserSeed {
  id: string;
  name: string;
  realName?: string;
  /** Slack UI locales look like `en-US`, `ja-JP` (Vietnamese is not one of them). */
  locale?: string;
  tz?: string;
  tzOffset?: number;
  isBot?: boolean;
  email?: string;
}

export interface ChannelSeed {
  id: string;
  name: string;
  isPrivate?: boolean;
  members?: string[];
}

/** A message as Slack stores and returns it (`chat.postMessage` → `message`). */
export interface SlackMessage {
  type: "message";
  ts: string;
  text: string;
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
  thread_ts?: string;
  reply_count?: number;
  latest_reply?: string;
  edited?: { user: string; ts: string };
  pinned_to?: string[];
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  message_ts: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
}

export interface ChannelState {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  members: string[];
  /** In ts order, thread replies included. */
  messages: SlackMessage[];
  ephemerals: EphemeralMessage[];
}

/** A view as Slack returns it from views.open/push/update/publish. */
export type SlackView = Record<string, unknown> & { id: string; type: string; hash: string };

export interface SlackWorkspace {
  identity: SlackIdentity;
  channels: Map<string, ChannelState>;
  users: Map<string, SlackUserSeed>;
  views: Map<string, SlackView>;
  homeViewIdByUser: Map<string, string>;
  usedTriggerIds: Set<string>;
  nextTs(): string;
  nextViewId(): string;
  /** Changes on every store of a view; views.update/publish with a stale `hash` fail. */
  nextViewHash(): string;
  channel(id: string | undefined): ChannelState;
  addChannel(seed: ChannelSeed): ChannelState;
}

/** Message timestamps are "seconds.micro" strings, unique per workspace: 1700000000.000100, 1700000000.000200, … */
export function createSlackWorkspace(identity: SlackIdentity, firstTsSeconds: number): SlackWorkspace {
  let tsCounter = 0;
  let viewCounter = 0;
  let hashCounter = 0;
  const channels = new Map<string, ChannelState>();
  return {
    identity,
    channels,
    users: new Map(),
    views: new Map(),
    homeViewIdByUser: new Map(),
    usedTriggerIds: new Set(),
    nextTs() {
      tsCounter += 1;
      const micros = BigInt(firstTsSeconds) * 1_000_000n + BigInt(tsCounter * 100);
      return `${micros / 1_000_000n}.${String(micros % 1_000_000n).padStart(6, "0")}`;
    },
    nextViewId() {
      viewCounter += 1;
      return `V0VIEW${String(viewCounter).padStart(4, "0")}`;
    },
    nextViewHash() {
      hashCounter += 1;
      return `${firstTsSeconds}.${String(hashCounter).padStart(8, "0")}`;
    },
    channel(id) {
      const found = id === undefined ? undefined : channels.get(id);
      if (!found) throw new SlackApiError("channel_not_found");
      return found;
    },
    addChannel(seed) {
      const state: ChannelState = {
        id: seed.id,
        name: seed.name,
        isPrivate: seed.isPrivate ?? false,
        isIm: seed.id.startsWith("D"),
        members: [...(seed.members ?? [])],
        messages: [],
        ephemerals: [],
      };
      channels.set(seed.id, state);
      return state;
    },
  };
}

/** Posting to a user id goes to the DM with the bot, as Slack does. */
export function imChannelFor(workspace: SlackWorkspace, userId: string): ChannelState {
  const id = `D${userId.slice(1)}`;
  return (
    workspace.channels.get(id) ??
    workspace.addChannel({ id, name: userId, isPrivate: true, members: [workspace.identity.botUserId, userId] })
  );
}
