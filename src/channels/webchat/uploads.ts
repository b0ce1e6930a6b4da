import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
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

/** A stored upload that no event will carry (a repeated upload, or one the database could not record). */
export async function discardUpload(dataDir: string, attachment: Attachment): Promise<void> {
  await rm(path.join(dataDir, "files", attachment.key), { force: true });
}
