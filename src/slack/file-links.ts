import type { StoredFile } from "../kernel/stored-file.js";
import { escapeMrkdwn } from "./mrkdwn.js";

/**
 * "Files: <link|name>, …" as mrkdwn: each name escaped (and kept on one line) inside a signed link of
 * our server, the rest of the sentence escaped around it.
 */
export function filesLine(files: StoredFile[], link: (file: StoredFile) => string, sentence: (names: string) => string): string {
  const marker = "\u0000names\u0000";
  const links = files.map((f) => `<${link(f)}|${escapeMrkdwn(f.name.replace(/[\r\n]+/g, " "))}>`).join(", ");
  return escapeMrkdwn(sentence(marker)).replace(marker, () => links);
}
