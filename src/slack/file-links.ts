import { escapeMrkdwn } from "./mrkdwn.js";
import type { StoredFile } from "./slack-context.js";

/** The files of a message's `attachments` JSON; entries without a storage key or name are left out. */
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
 * "Files: <link|name>, …" as mrkdwn: each name escaped (and kept on one line) inside a signed link of
 * our server, the rest of the sentence escaped around it.
 */
export function filesLine(files: StoredFile[], link: (file: StoredFile) => string, sentence: (names: string) => string): string {
  const marker = "\u0000names\u0000";
  const links = files.map((f) => `<${link(f)}|${escapeMrkdwn(f.name.replace(/[\r\n]+/g, " "))}>`).join(", ");
  return escapeMrkdwn(sentence(marker)).replace(marker, () => links);
}
