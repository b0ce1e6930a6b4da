import { optionalJson, optionalString, type Params, requiredString, SlackApiError } from "./slack-params.js";
import { type ChannelState, imChannelFor, type SlackMessage, type SlackWorkspace } from "./slack-workspace.js";

export type SlackMethod = (params: Params, workspace: SlackWorkspace) => Record<string, unknown>;

const MESSAGE_BLOCKS = 50;
const TEXT_LIMIT = 40_000;
const ATTACHMENTS_LIMIT = 100;

interface Content {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

/** Reads text/blocks/attachments with Slack's checks; `required` demands at least one of them. */
function readContent(params: Params, required: boolean): Content {
  const content: Content = {};
  const text = optionalString(params, "text");
  if (text !== undefined) {
    if (text.length > TEXT_LIMIT) throw new SlackApiError("msg_too_long");
    content.text = text;
  }
  const blocks = optionalJson(params, "blocks", "invalid_blocks_format");
  if (blocks !== undefined) {
    const valid = Array.isArray(blocks) && blocks.length <= MESSAGE_BLOCKS && blocks.every(hasType);
    if (!valid) throw new SlackApiError("invalid_blocks");
    content.blocks = blocks;
  }
  const attachments = optionalJson(params, "attachments", "invalid_attachments");
  if (attachments !== undefined) {
    if (!Array.isArray(attachments)) throw new SlackApiError("invalid_attachments");
    if (attachments.length > ATTACHMENTS_LIMIT) throw new SlackApiError("too_many_attachments");
    content.attachments = attachments;
  }
  const empty = content.text === undefined && !content.blocks?.length && !content.attachments?.length;
  if (required && empty) throw new SlackApiError("no_text");
  return content;
}

function hasType(block: unknown): boolean {
  return typeof block === "object" && block !== null && typeof (block as { type?: unknown }).type === "string";
}

/** A channel id, or a user id (U…/W…) that means the DM between that user and the bot. */
function targetChannel(params: Params, workspace: SlackWorkspace): ChannelState {
  const id = optionalString(params, "channel");
  if (id && /^[UW]/.test(id) && workspace.users.has(id)) return imChannelFor(workspace, id);
  return workspace.channel(id);
}

function ownMessage(channel: ChannelState, ts: string | undefined, workspace: SlackWorkspace, refusal: string): SlackMessage {
  const message = channel.messages.find((candidate) => candidate.ts === ts);
  if (!message) throw new SlackApiError("message_not_found");
  if (message.user !== workspace.identity.botUserId) throw new SlackApiError(refusal);
  return message;
}

export const chatMethods: Record<string, SlackMethod> = {
  "chat.postMessage": (params, workspace) => {
    const channel = targetChannel(params, workspace);
    const content = readContent(params, true);
    const { botUserId, botId, appId, teamId } = workspace.identity;
    const ts = workspace.nextTs();
    const message: SlackMessage = {
      type: "message",
      ts,
      text: content.text ?? "",
      user: botUserId,
      bot_id: botId,
      app_id: appId,
      team: teamId,
    };
    if (content.blocks) message.blocks = content.blocks;
    if (content.attachments) message.attachments = content.attachments;
    const metadata = optionalJson(params, "metadata", "invalid_metadata_format");
    if (metadata !== undefined) message.metadata = metadata;
    const threadTs = optionalString(params, "thread_ts");
    if (threadTs !== undefined) {
      message.thread_ts = threadTs;
      markReply(channel, threadTs, ts);
    }
    channel.messages.push(message);
    return { channel: channel.id, ts, message };
  },

  "chat.update": (params, workspace) => {
    const channel = workspace.channel(optionalString(params, "channel"));
    const message = ownMessage(channel, optionalString(params, "ts"), workspace, "cant_update_message");
    // Slack keeps blocks/attachments that the update leaves out; an empty array removes them.
    const content = readContent(params, true);
    if (content.text !== undefined) message.text = content.text;
    if (content.blocks !== undefined) message.blocks = content.blocks;
    if (content.attachments !== undefined) message.attachments = content.attachments;
    message.edited = { user: workspace.identity.botUserId, ts: workspace.nextTs() };
    return { channel: channel.id, ts: message.ts, text: message.text, message };
  },

  "chat.postEphemeral": (params, workspace) => {
    const channel = targetChannel(params, workspace);
    const user = requiredString(params, "user", "user_not_in_channel");
    if (!channel.members.includes(user)) throw new SlackApiError("user_not_in_channel");
    const content = readContent(params, true);
    const messageTs = workspace.nextTs();
    const threadTs = optionalString(params, "thread_ts");
    channel.ephemerals.push({
      channel: channel.id,
      user,
      message_ts: messageTs,
      text: content.text ?? "",
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return { message_ts: messageTs };
  },

  "chat.delete": (params, workspace) => {
    const channel = workspace.channel(optionalString(params, "channel"));
    const message = ownMessage(channel, optionalString(params, "ts"), workspace, "cant_delete_message");
    channel.messages = channel.messages.filter((candidate) => candidate !== message);
    return { channel: channel.id, ts: message.ts };
  },

  "pins.add": (params, workspace) => {
    const channel = workspace.channel(optionalString(params, "channel"));
    const ts = requiredString(params, "timestamp", "no_item_specified");
    const message = channel.messages.find((candidate) => candidate.ts === ts);
    if (!message) throw new SlackApiError("message_not_found");
    if (message.pinned_to?.includes(channel.id)) throw new SlackApiError("already_pinned");
    message.pinned_to = [...(message.pinned_to ?? []), channel.id];
    return {};
  },
};

/** A thread root carries thread_ts (its own ts), reply_count and latest_reply once it has replies. */
function markReply(channel: ChannelState, threadTs: string, replyTs: string): void {
  const root = channel.messages.find((candidate) => candidate.ts === threadTs);
  if (!root) return;
  root.thread_ts = root.ts;
  root.reply_count = (root.reply_count ?? 0) + 1;
  root.latest_reply = replyTs;
}
