/** A Telegram update's conversation: its chat (a private chat's id is the user's), else its sender. */
export function telegramPartitionKey(update: unknown): string | undefined {
  if (typeof update !== "object" || update === null) return undefined;
  for (const value of Object.values(update)) {
    if (typeof value !== "object" || value === null) continue;
    const item = value as { chat?: { id?: unknown }; message?: { chat?: { id?: unknown } }; from?: { id?: unknown } };
    const id = item.chat?.id ?? item.message?.chat?.id ?? item.from?.id;
    if (typeof id === "number" || typeof id === "string") return String(id);
  }
  return undefined;
}

/** A message with a photo or a document: its file is downloaded before the turn. */
export function carriesFile(update: unknown): boolean {
  const message = (update as { message?: { photo?: unknown; document?: unknown } } | null)?.message;
  return Boolean(message?.photo || message?.document);
}
