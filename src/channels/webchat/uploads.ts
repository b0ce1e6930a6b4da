import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Attachment } from "../../tickets/index.js";

/**
 * Keeps a file a visitor attached under DATA_DIR/files/webchat, like the other channels' files: staff
 * open it through our signed file links, never from where it came.
 */
export async function storeUpload(dataDir: string, file: { name: string; mimeType: string; bytes: Buffer }): Promise<Attachment> {
  const key = `webchat/${randomUUID()}`;
  const target = path.join(dataDir, "files", key);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, file.bytes);
  return { name: file.name, mimeType: file.mimeType, size: file.bytes.length, key };
}
