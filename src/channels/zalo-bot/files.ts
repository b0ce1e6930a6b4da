import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { InboundMessage } from "../../conversation/index.js";

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
  const response = await deps.fetch(photo.url);
  if (!response.ok) {
    // The CDN failing is worth a retry (the inbound log retries a throwing handler); a link that is gone is not.
    if (response.status >= 500) throw new Error(`Zalo Bot photo download failed with status ${response.status}`);
    return refused("unavailable");
  }
  if (Number(response.headers.get("content-length") ?? 0) > deps.maxBytes) return refused("too_large");
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > deps.maxBytes) return refused("too_large");
  const key = `zalo-bot/${randomUUID()}`;
  const target = path.join(deps.dataDir, "files", key);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, bytes);
  const type = response.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
  const known = IMAGE_TYPES[type];
  return { attachments: [{ name: name(known ?? "jpg"), mimeType: known ? type : "image/jpeg", size: bytes.length, key }] };
}
