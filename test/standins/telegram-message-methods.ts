import type { Message } from "grammy/types";
import { assertModified, validInlineMarkup, validText } from "./telegram-chats.js";
import { asDocument, asPhotoSizes } from "./telegram-files.js";
import { badRequest, optionalJson, optionalString, type Params, requiredChatId, requiredMessageId } from "./telegram-params.js";
import { type MethodHandler, type TelegramWorld, unixSeconds } from "./telegram-world.js";

const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);

/** Optional fields echoed into the Message only when the request had them. */
function echoed(params: Params): Partial<Message> {
  const content: Record<string, unknown> = {};
  const markup = validInlineMarkup(params);
  if (markup) content.reply_markup = markup;
  const entities = optionalJson(params, "entities", () => badRequest("can't parse entities JSON object"));
  if (Array.isArray(entities)) content.entities = entities;
  return content as Partial<Message>;
}

function editable(world: TelegramWorld, params: Params): Message {
  const message = world.chats.find(requiredChatId(params), requiredMessageId(params));
  if (!message) throw badRequest("message to edit not found");
  if (message.from?.id !== world.bot.id) throw badRequest("message can't be edited");
  return message;
}

function applyEdit(world: TelegramWorld, before: Message, change: Partial<Message>, markup: Message["reply_markup"]): Message {
  const { reply_markup: _dropped, ...rest } = before;
  const after = { ...rest, ...change, ...(markup ? { reply_markup: markup } : {}), edit_date: unixSeconds(world) } as Message;
  assertModified(before, after);
  world.chats.replace(after);
  return after;
}

export const messageMethods: Record<string, MethodHandler> = {
  sendMessage: ({ params }, world) => {
    const chatId = requiredChatId(params);
    const text = validText(params, "text");
    return world.chats.append(chatId, { text, ...echoed(params) }, unixSeconds(world));
  },

  editMessageText: ({ params }, world) => {
    const text = validText(params, "text");
    const markup = validInlineMarkup(params);
    if (params.inline_message_id !== undefined) return true;
    // Without reply_markup, Telegram removes the inline keyboard.
    return applyEdit(world, editable(world, params), { text }, markup);
  },

  editMessageReplyMarkup: ({ params }, world) => {
    const markup = validInlineMarkup(params);
    if (params.inline_message_id !== undefined) return true;
    return applyEdit(world, editable(world, params), {}, markup);
  },

  deleteMessage: ({ params }, world) => {
    if (!world.chats.remove(requiredChatId(params), requiredMessageId(params))) throw badRequest("message to delete not found");
    return true;
  },

  answerCallbackQuery: ({ params }, world) => {
    const id = optionalString(params, "callback_query_id");
    if (!id) throw badRequest("QUERY_ID_INVALID");
    if (world.answeredCallbackQueries.has(id)) throw badRequest("query is too old and response timeout expired or query ID is invalid");
    world.answeredCallbackQueries.add(id);
    return true;
  },

  sendChatAction: ({ params }) => {
    requiredChatId(params);
    if (!CHAT_ACTIONS.has(optionalString(params, "action") ?? "")) throw badRequest("wrong parameter action in request");
    return true;
  },

  sendPhoto: ({ params, files }, world) => {
    const chatId = requiredChatId(params);
    const caption = validText(params, "caption");
    const photo = asPhotoSizes(world.files.resolveInput(params, files, "photo"));
    return world.chats.append(chatId, { photo, ...(caption ? { caption } : {}), ...echoed(params) }, unixSeconds(world));
  },

  sendDocument: ({ params, files }, world) => {
    const chatId = requiredChatId(params);
    const caption = validText(params, "caption");
    const document = asDocument(world.files.resolveInput(params, files, "document"));
    return world.chats.append(chatId, { document, ...(caption ? { caption } : {}), ...echoed(params) }, unixSeconds(world));
  },
};
