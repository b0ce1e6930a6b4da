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
