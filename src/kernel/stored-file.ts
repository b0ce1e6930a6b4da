import path from "node:path";

/** A file kept under DATA_DIR/files: its storage key (never a platform URL, which may carry a token), name and type. */
export interface StoredFile {
  key: string;
  name: string;
  mimeType: string;
}

/** The files of an `attachments` JSON value (a message's, an outbox payload's); entries without a key or a name are left out. */
export function storedFiles(value: unknown): StoredFile[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((a) => {
    if (!a || typeof a !== "object") return [];
    const { key, name, mimeType } = a as Record<string, unknown>;
    if (typeof key !== "string" || typeof name !== "string") return [];
    return [{ key, name, mimeType: typeof mimeType === "string" ? mimeType : "application/octet-stream" }];
  });
}

/**
 * The folders under DATA_DIR/files of the files customers and staff send, by channel: each file is
 * kept for the message that carries it (privacy copies have their own folder and their own life).
 */
export const RECEIVED_FILES = {
  telegram: "telegram",
  webchat: "webchat",
  zalo: "zalo",
  zaloBot: "zalo-bot",
  email: "email",
  slack: "slack",
} as const;
export const RECEIVED_FILE_FOLDERS: readonly string[] = Object.values(RECEIVED_FILES);

/** The largest file a customer may send (Telegram serves bots at most 20 MB; the other channels keep the same cap). */
export const MAX_CUSTOMER_FILE_BYTES = 20 * 1024 * 1024;

/** Storage keys as the channels make them ("telegram/<uuid>"): plain segments, no dot at the start. */
const KEY_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

/** Where a key's bytes are, or null for a key that would leave DATA_DIR/files ("..", absolute, odd characters). */
export function storedFilePath(dataDir: string, key: string): string | null {
  if (!KEY_PATTERN.test(key) || key.split("/").some((segment) => segment === "." || segment === "..")) return null;
  const root = path.resolve(dataDir, "files");
  const target = path.resolve(root, key);
  return target.startsWith(`${root}${path.sep}`) ? target : null;
}
