import { type Api, GrammyError } from "grammy";
import { MAX_CUSTOMER_FILE_BYTES, RECEIVED_FILES } from "../../kernel/stored-file.js";
import { fetchCapped, keepReceivedFile } from "../../server/received-files.js";
import type { Attachment } from "../../tickets/index.js";

/** Telegram's getFile serves files up to 20 MB to bots; larger ones are refused before download. */
export const DEFAULT_MAX_FILE_BYTES = MAX_CUSTOMER_FILE_BYTES;

export interface FileRef {
  fileId: string;
  name: string;
  mimeType: string;
  size?: number;
}

export type Downloaded = { ok: true; attachment: Attachment } | { ok: false; name: string; reason: "too_large" | "unavailable" };

/**
 * Downloads a customer's file on the server and keeps it under DATA_DIR/files: the file URL
 * carries the bot token, so it is never stored, logged or shown to anyone.
 */
export async function downloadFile(
  deps: { api: Api; apiRoot: string; token: string; dataDir: string; maxBytes: number; fetch: typeof fetch },
  file: FileRef,
): Promise<Downloaded> {
  const refused = (reason: "too_large" | "unavailable"): Downloaded => ({ ok: false, name: file.name, reason });
  if (file.size !== undefined && file.size > deps.maxBytes) return refused("too_large");
  let filePath: string | undefined;
  try {
    const info = await deps.api.getFile(file.fileId);
    if (info.file_size !== undefined && info.file_size > deps.maxBytes) return refused("too_large");
    filePath = info.file_path;
  } catch (error) {
    // 400 "invalid file_id" or "file is too big" will not change; network errors are retried by the inbound log.
    if (error instanceof GrammyError && error.error_code === 400) return refused("unavailable");
    throw error;
  }
  if (!filePath) return refused("unavailable");
  const fetched = await fetchCapped(deps.fetch, `${deps.apiRoot}/file/bot${deps.token}/${filePath}`, { maxBytes: deps.maxBytes });
  // Telegram or the network failing is worth a retry (the inbound log retries a throwing handler); never with the URL, which holds the token.
  if (!fetched.ok) {
    if (fetched.reason === "failed") throw new Error("the Telegram file download failed");
    return refused(fetched.reason);
  }
  const key = await keepReceivedFile(deps.dataDir, RECEIVED_FILES.telegram, fetched.bytes);
  return { ok: true, attachment: { name: file.name, mimeType: file.mimeType, size: fetched.bytes.length, key } };
}

export { storedFilePath } from "../../kernel/stored-file.js";
