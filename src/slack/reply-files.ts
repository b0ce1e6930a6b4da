import { RECEIVED_FILES } from "../kernel/stored-file.js";
import { discardReceivedFiles, fetchCapped, keepReceivedFile } from "../server/received-files.js";
import type { Attachment } from "../tickets/index.js";

/** The largest file a staff member may attach to a reply. */
export const MAX_REPLY_FILE_BYTES = 10 * 1024 * 1024;
/**
 * Files are fetched before the modal submission is answered (so a failure shows inline), and Slack
 * waits 3 seconds for that answer: each download gets at most this long.
 */
export const REPLY_FILE_TIMEOUT_MS = 2_000;

/** A file from a modal's file_input, as `view.state.values` carries it. */
export interface SlackUpload {
  id: string;
  name: string;
  mimetype: string;
  url_private_download: string;
}

export type FileRefusalCode = "file_too_large" | "file_unavailable";
export type FetchedFiles =
  | { ok: true; attachments: Attachment[] }
  | { ok: false; code: FileRefusalCode; details: { name: string; maxMb: number } };

export interface ReplyFiles {
  fetch(uploads: SlackUpload[]): Promise<FetchedFiles>;
  /** Removes stored files whose reply was refused. */
  discard(attachments: Attachment[]): Promise<void>;
}

/**
 * Downloads the files of a Reply modal with the bot token and keeps them under
 * DATA_DIR/files/slack/<uuid>. The download URL is a Slack one and the token goes only there
 * (files.slack.com, or the origin of SLACK_API_URL for a stand-in); the URL is never logged or stored.
 */
export function createReplyFiles(deps: {
  token: string;
  apiUrl: string | undefined;
  dataDir: string;
  fetch: typeof fetch;
  maxBytes?: number;
  timeoutMs?: number;
}): ReplyFiles {
  const maxBytes = deps.maxBytes ?? MAX_REPLY_FILE_BYTES;
  const timeoutMs = deps.timeoutMs ?? REPLY_FILE_TIMEOUT_MS;
  const trustedOrigin = deps.apiUrl ? new URL(deps.apiUrl).origin : undefined;
  const trusted = (url: URL) => (url.protocol === "https:" && url.hostname === "files.slack.com") || url.origin === trustedOrigin;

  async function download(upload: SlackUpload): Promise<Buffer | FileRefusalCode> {
    let url: URL;
    try {
      url = new URL(upload.url_private_download);
    } catch {
      return "file_unavailable";
    }
    if (!trusted(url)) return "file_unavailable";
    const fetched = await fetchCapped(deps.fetch, url, { maxBytes, timeoutMs, headers: { authorization: `Bearer ${deps.token}` } });
    if (!fetched.ok) return fetched.reason === "too_large" ? "file_too_large" : "file_unavailable";
    // Without a valid token Slack answers 200 with its HTML sign-in page: that is not the file.
    return fetched.contentType === "text/html" ? "file_unavailable" : fetched.bytes;
  }

  const discard = async (attachments: Attachment[]) => {
    await discardReceivedFiles(
      deps.dataDir,
      attachments.map((a) => a.key),
    );
  };

  return {
    discard,
    async fetch(uploads) {
      if (uploads.length === 0) return { ok: true, attachments: [] };
      // In parallel: the whole set stays within one timeout.
      const downloaded = await Promise.all(uploads.map(download));
      const failed = downloaded.findIndex((bytes) => typeof bytes === "string");
      const refusal = downloaded[failed];
      if (typeof refusal === "string") {
        const name = uploads[failed]?.name ?? "";
        return { ok: false, code: refusal, details: { name, maxMb: Math.floor(maxBytes / (1024 * 1024)) } };
      }
      const attachments: Attachment[] = [];
      for (const [i, upload] of uploads.entries()) {
        const bytes = downloaded[i];
        if (!(bytes instanceof Buffer)) continue;
        const key = await keepReceivedFile(deps.dataDir, RECEIVED_FILES.slack, bytes);
        attachments.push({ name: upload.name, mimeType: upload.mimetype || "application/octet-stream", size: bytes.length, key });
      }
      return { ok: true, attachments };
    },
  };
}

/** The uploads of a file_input in `view.state.values`, whatever its action id. */
export function uploadsIn(block: Record<string, { files?: unknown }> | undefined): SlackUpload[] {
  const files = Object.values(block ?? {}).flatMap((value) => (Array.isArray(value.files) ? value.files : []));
  return files.flatMap((f: unknown) => {
    const { id, name, mimetype, url_private_download } = (f ?? {}) as Record<string, unknown>;
    if (typeof id !== "string" || typeof url_private_download !== "string") return [];
    return [
      {
        id,
        name: typeof name === "string" && name ? name : id,
        mimetype: typeof mimetype === "string" ? mimetype : "",
        url_private_download,
      },
    ];
  });
}
