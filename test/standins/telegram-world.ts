import type { BotCommand, UserFromGetMe } from "grammy/types";
import type { Clock } from "../../src/kernel/clock.js";
import type { UploadedFile } from "./multipart.js";
import type { ChatStore } from "./telegram-chats.js";
import type { FileStore } from "./telegram-files.js";
import type { Params } from "./telegram-params.js";
import type { UpdateQueue } from "./telegram-updates.js";

/** Everything the fake Bot API remembers between calls. */
export interface TelegramWorld {
  bot: UserFromGetMe;
  clock: Clock;
  chats: ChatStore;
  files: FileStore;
  updates: UpdateQueue;
  /** Keyed by `commandsKey(scope, languageCode)`. */
  commands: Map<string, BotCommand[]>;
  /** A callback query can be answered once; Telegram refuses the second answer. */
  answeredCallbackQueries: Set<string>;
}

export interface MethodCall {
  params: Params;
  files: Record<string, UploadedFile>;
  /** For long polls: runs `cancel` when the HTTP client goes away. */
  onAbandon(cancel: () => void): void;
}

export type MethodHandler = (call: MethodCall, world: TelegramWorld) => unknown;

export const unixSeconds = (world: TelegramWorld) => Math.floor(world.clock.now().getTime() / 1000);

/** Commands are stored per scope and language, as setMyCommands documents. */
export function commandsKey(scope: unknown, languageCode: string | undefined): string {
  const scopeType = typeof scope === "object" && scope !== null && "type" in scope ? JSON.stringify(scope) : '{"type":"default"}';
  return `${scopeType}|${languageCode ?? ""}`;
}
