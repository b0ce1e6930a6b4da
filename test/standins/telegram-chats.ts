import { isDeepStrictEqual } from "node:util";
import type { Chat, InlineKeyboardMarkup, Message, UserFromGetMe } from "grammy/types";
import { badRequest, optionalJson, type Params } from "./telegram-params.js";

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
const CALLBACK_DATA_BYTES = 64;
const BUTTON_ACTIONS = [
  "callback_data",
  "url",
  "login_url",
  "web_app",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
];

interface ChatState {
  chat: Chat;
  /** Message ids are per chat and shared by both directions, as in Telegram private chats. */
  lastMessageId: number;
  messages: Map<number, Message>;
}

/** Messages per chat: what the bot sent (in order) and what arrived in pushed updates. */
export interface ChatStore {
  append(chatId: number | string, content: Partial<Message>, date: number): Message;
  find(chatId: number | string, messageId: number): Message | undefined;
  replace(message: Message): void;
  remove(chatId: number | string, messageId: number): boolean;
  /** Records a message seen in a pushed update, so the bot can edit its own keyboard messages. */
  observe(message: Message): void;
  sent(chatId?: number | string): Message[];
}

export function createChatStore(bot: UserFromGetMe): ChatStore {
  const chats = new Map<string, ChatState>();
  const sentOrder: { chatKey: string; messageId: number }[] = [];

  const stateFor = (chatId: number | string): ChatState => {
    const key = String(chatId);
    const existing = chats.get(key);
    if (existing) return existing;
    if (typeof chatId === "string") throw badRequest("chat not found");
    const created: ChatState = { chat: syntheticChat(chatId), lastMessageId: 0, messages: new Map() };
    chats.set(key, created);
    return created;
  };

  return {
    append(chatId, content, date) {
      const state = stateFor(chatId);
      state.lastMessageId += 1;
      const message = { ...content, message_id: state.lastMessageId, from: botAsUser(bot), chat: state.chat, date } as Message;
      state.messages.set(message.message_id, message);
      sentOrder.push({ chatKey: String(chatId), messageId: message.message_id });
      return message;
    },
    find: (chatId, messageId) => chats.get(String(chatId))?.messages.get(messageId),
    replace(message) {
      stateFor(message.chat.id).messages.set(message.message_id, message);
    },
    remove: (chatId, messageId) => chats.get(String(chatId))?.messages.delete(messageId) ?? false,
    observe(message) {
      const key = String(message.chat.id);
      const state = chats.get(key) ?? { chat: message.chat, lastMessageId: 0, messages: new Map() };
      chats.set(key, state);
      state.lastMessageId = Math.max(state.lastMessageId, message.message_id);
      if (!state.messages.has(message.message_id)) state.messages.set(message.message_id, message);
    },
    sent(chatId) {
      return sentOrder
        .filter((entry) => chatId === undefined || entry.chatKey === String(chatId))
        .flatMap((entry) => chats.get(entry.chatKey)?.messages.get(entry.messageId) ?? []);
    },
  };
}

function botAsUser(bot: UserFromGetMe) {
  return { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username };
}

/** Positive ids are private chats, -100… supergroups, other negative ids basic groups. */
function syntheticChat(id: number): Chat {
  if (id > 0) return { id, type: "private", first_name: `User ${id}` };
  if (String(id).startsWith("-100")) return { id, type: "supergroup", title: `Supergroup ${id}` };
  return { id, type: "group", title: `Group ${id}` };
}

/** Telegram trims the text and counts it after entity parsing; parse_mode is not applied here. */
export function validText(params: Params, key: "text" | "caption"): string | undefined {
  const raw = params[key];
  const text = raw === undefined || raw === null ? undefined : String(raw);
  if (key === "text") {
    if (text === undefined || text.trim() === "") throw badRequest("message text is empty");
    if (text.length > TEXT_LIMIT) throw badRequest("message is too long");
  } else if (text !== undefined && text.length > CAPTION_LIMIT) {
    throw badRequest("message caption is too long");
  }
  return text;
}

/**
 * Reads `reply_markup` and applies Telegram's button checks. Only inline keyboards are echoed in the
 * returned Message (reply keyboards are not), so only those are returned.
 */
export function validInlineMarkup(params: Params): InlineKeyboardMarkup | undefined {
  const markup = optionalJson(params, "reply_markup", () => badRequest("can't parse reply keyboard markup JSON object"));
  if (typeof markup !== "object" || markup === null || !("inline_keyboard" in markup)) return undefined;
  const keyboard = markup.inline_keyboard;
  if (!Array.isArray(keyboard) || !keyboard.every(Array.isArray)) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
  }
  for (const button of keyboard.flat() as Record<string, unknown>[]) {
    if (!BUTTON_ACTIONS.some((action) => action in button)) throw badRequest("text buttons are unallowed in the inline keyboard");
    const data = button.callback_data;
    if (data !== undefined) {
      const bytes = Buffer.byteLength(String(data), "utf8");
      if (bytes < 1 || bytes > CALLBACK_DATA_BYTES) throw badRequest("BUTTON_DATA_INVALID");
    }
  }
  return markup as InlineKeyboardMarkup;
}

/** Telegram refuses an edit that changes nothing. */
export function assertModified(before: Message, after: Message): void {
  if (before.text === after.text && before.caption === after.caption && isDeepStrictEqual(before.reply_markup, after.reply_markup)) {
    throw badRequest(
      "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
  }
}
