import { readFile } from "node:fs/promises";
import type { OutboundAttachment } from "../kernel/outbound.js";
import { storedFilePath } from "../kernel/stored-file.js";
import { DeliveryError } from "./outbox.js";

/**
 * The stored bytes of a file a sender uploads. A key outside DATA_DIR/files or a file no longer
 * there will not come back: a permanent failure.
 */
export async function attachmentBytes(dataDir: string, file: OutboundAttachment): Promise<Buffer> {
  const filePath = storedFilePath(dataDir, file.key);
  if (!filePath) throw new DeliveryError("permanent", `attachment "${file.name}" has an invalid storage key`);
  try {
    return await readFile(filePath);
  } catch (error) {
    throw new DeliveryError("permanent", `attachment "${file.name}" is no longer stored`, undefined, { cause: error });
  }
}
