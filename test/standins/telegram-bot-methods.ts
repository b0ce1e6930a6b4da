import type { BotCommand, File, WebhookInfo } from "grammy/types";
import { badRequest, optionalBool, optionalInt, optionalJson, optionalString } from "./telegram-params.js";
import { commandsKey, type MethodHandler } from "./telegram-world.js";

const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;

const jsonError = (field: string) => () => badRequest(`can't parse ${field} JSON object`);

function validCommands(value: unknown): BotCommand[] {
  if (!Array.isArray(value)) throw badRequest("can't parse commands JSON object");
  for (const entry of value as Partial<BotCommand>[]) {
    if (typeof entry.command !== "string" || !COMMAND_NAME.test(entry.command)) throw badRequest("BOT_COMMAND_INVALID");
  }
  return value as BotCommand[];
}

export const botMethods: Record<string, MethodHandler> = {
  getMe: (_call, world) => world.bot,

  setMyCommands: ({ params }, world) => {
    const commands = validCommands(optionalJson(params, "commands", jsonError("commands")));
    const scope = optionalJson(params, "scope", jsonError("scope"));
    world.commands.set(commandsKey(scope, optionalString(params, "language_code")), commands);
    return true;
  },

  getMyCommands: ({ params }, world) => {
    const scope = optionalJson(params, "scope", jsonError("scope"));
    return world.commands.get(commandsKey(scope, optionalString(params, "language_code"))) ?? [];
  },

  deleteMyCommands: ({ params }, world) => {
    const scope = optionalJson(params, "scope", jsonError("scope"));
    world.commands.delete(commandsKey(scope, optionalString(params, "language_code")));
    return true;
  },

  getFile: ({ params }, world) => {
    const file = world.files.byId(optionalString(params, "file_id") ?? "");
    if (!file) throw badRequest("invalid file_id");
    const result: File = {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: file.bytes.length,
      file_path: file.filePath,
    };
    return result;
  },

  /** Any URL is accepted (Telegram wants HTTPS on 443/80/88/8443): tests register http://127.0.0.1 webhooks. */
  setWebhook: ({ params }, world) => {
    const url = optionalString(params, "url") ?? "";
    if (optionalBool(params, "drop_pending_updates")) world.updates.drop();
    if (url === "") {
      world.updates.webhook = undefined;
      return true;
    }
    const allowed = optionalJson(params, "allowed_updates", jsonError("allowed_updates"));
    const secretToken = optionalString(params, "secret_token");
    const maxConnections = optionalInt(params, "max_connections");
    world.updates.webhook = {
      url,
      ...(secretToken !== undefined ? { secretToken } : {}),
      ...(maxConnections !== undefined ? { maxConnections } : {}),
      ...(Array.isArray(allowed) ? { allowedUpdates: allowed as WebhookInfo["allowed_updates"] } : {}),
    };
    return true;
  },

  deleteWebhook: ({ params }, world) => {
    if (optionalBool(params, "drop_pending_updates")) world.updates.drop();
    world.updates.webhook = undefined;
    return true;
  },

  getWebhookInfo: (_call, world) => world.updates.webhookInfo(),

  getUpdates: ({ params, onAbandon }, world) => {
    const request = {
      offset: optionalInt(params, "offset"),
      limit: optionalInt(params, "limit"),
      timeoutSeconds: optionalInt(params, "timeout"),
    };
    return world.updates.poll(request, onAbandon);
  },
};
