import type { InboundMessage } from "../../conversation/index.js";
import { RECEIVED_FILES } from "../../kernel/stored-file.js";
import { fetchCapped, keepReceivedFile } from "../../server/received-files.js";

/** Types a photo may come as; anything else Zalo's CDN answers is kept as a JPEG, the Bot's photo format. */
const IMAGE_TYPES: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp" };

/**
 * A customer's photo, downloaded from the URL its update carries (Zalo's CDN; the Bot API has no
 * getFile) and kept under DATA_DIR/files/zalo-bot/: the message's attachment, or why it is not.
 */
export async function downloadPhoto(
  deps: { dataDir: string; maxBytes: number; fetch: typeof fetch },
  photo: { url: string; baseName: string },
): Promise<Pick<InboundMessage, "attachments" | "rejectedFiles">> {
  const name = (extension: string) => `${photo.baseName}.${extension}`;
  const maxMb = Math.floor(deps.maxBytes / (1024 * 1024));
  const refused = (reason: "too_large" | "unavailable") => ({
    rejectedFiles: [{ name: name("jpg"), reason, ...(reason === "too_large" ? { maxMb } : {}) }],
  });
  const fetched = await fetchCapped(deps.fetch, photo.url, { maxBytes: deps.maxBytes });
  // The CDN failing is worth a retry (the inbound log retries a throwing handler); a link that is gone is not.
  if (!fetched.ok) {
    if (fetched.reason === "failed") throw new Error("the Zalo Bot photo download failed");
    return refused(fetched.reason);
  }
  const key = await keepReceivedFile(deps.dataDir, RECEIVED_FILES.zaloBot, fetched.bytes);
  const type = fetched.contentType ?? "";
  const known = IMAGE_TYPES[type];
  return { attachments: [{ name: name(known ?? "jpg"), mimeType: known ? type : "image/jpeg", size: fetched.bytes.length, key }] };
}
