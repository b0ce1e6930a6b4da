import { readFile } from "node:fs/promises";
import path from "node:path";
import type { TelegramStandin } from "../test/standins/telegram-standin.js";

/** What the customers received: the stand-in's successful sendMessage calls, per chat, with the time each was seen. */
export interface ReplyLog {
  /** Replies to the chat so far, flood warnings left out. */
  count(chatId: number): number;
  /** When the n-th reply (1-based) to the chat was seen. */
  timeOf(chatId: number, n: number): number | undefined;
  texts(chatId: number): string[];
  /** Every sendMessage that succeeded, flood warnings included. */
  messages(): number;
  floodWarnings(): number;
  onReply(listener: (chatId: number) => void): void;
  stop(): void;
}

/**
 * Follows the stand-in's call record from a cursor every 2 ms: it has no event to listen to, and
 * scanning only the new calls keeps this cheap however long the run. Times are `performance.now()`.
 */
export async function followReplies(standin: TelegramStandin): Promise<ReplyLog> {
  const isFloodWarning = await floodWarningTexts();
  const byChat = new Map<number, { times: number[]; texts: string[] }>();
  const listeners: ((chatId: number) => void)[] = [];
  let cursor = 0;
  let messages = 0;
  let floodWarnings = 0;

  const timer = setInterval(() => {
    const now = performance.now();
    for (; cursor < standin.calls.length; cursor++) {
      const call = standin.calls[cursor];
      if (call?.method !== "sendMessage" || call.status !== 200) continue;
      messages++;
      const text = String(call.params.text ?? "");
      // Flood control's "slow down" is an extra message, not an answer to any one update.
      if (isFloodWarning(text)) {
        floodWarnings++;
        continue;
      }
      const chatId = Number(call.params.chat_id);
      const chat = byChat.get(chatId) ?? { times: [], texts: [] };
      byChat.set(chatId, chat);
      chat.times.push(now);
      chat.texts.push(text);
      for (const listener of listeners) listener(chatId);
    }
  }, 2);

  return {
    count: (chatId) => byChat.get(chatId)?.times.length ?? 0,
    timeOf: (chatId, n) => byChat.get(chatId)?.times[n - 1],
    texts: (chatId) => byChat.get(chatId)?.texts ?? [],
    messages: () => messages,
    floodWarnings: () => floodWarnings,
    onReply: (listener) => listeners.push(listener),
    stop: () => clearInterval(timer),
  };
}

/** The flood warning in every language, read from the locales so a new wording does not break the count. */
async function floodWarningTexts(): Promise<(text: string) => boolean> {
  const root = path.resolve(import.meta.dirname, "..", "locales");
  const texts = await Promise.all(
    ["vi", "en"].map(async (language) => {
      const common = JSON.parse(await readFile(path.join(root, language, "common.json"), "utf8"));
      return String(common.errors.tooManyMessages);
    }),
  );
  return (text) => texts.some((warning) => text.includes(warning));
}
