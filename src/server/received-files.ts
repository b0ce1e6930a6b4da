import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type RECEIVED_FILES, storedFilePath } from "../kernel/stored-file.js";

type ReceivedFolder = (typeof RECEIVED_FILES)[keyof typeof RECEIVED_FILES];

/**
 * Files customers and staff send: fetched from a platform within a size and a time limit, and kept
 * under DATA_DIR/files/<folder>/ by a key of our own (a platform's URL may carry a token, and a
 * name is only a label).
 */

/** How long one file may take to come (20 MB over a slow link, with room to spare). */
export const DOWNLOAD_TIMEOUT_MS = 60_000;

export type Fetched =
  | { ok: true; bytes: Buffer; contentType: string | undefined }
  /**
   * `failed`: the platform or the network failed (worth trying again); `unavailable`: the link leads
   * nowhere, or the file came too slowly (trying again would hold the customer's words back as long
   * each time, and lose them after the last try).
   */
  | { ok: false; reason: "too_large" | "unavailable" | "failed" };

/**
 * The body at `url`, at most `maxBytes`: a size declared over it is refused before reading, and the
 * body is read as it comes and dropped as soon as it passes the limit, so a wrong or hostile answer
 * never fills the memory; the whole download is cut after `timeoutMs`.
 */
export async function fetchCapped(
  fetcher: typeof fetch,
  url: string | URL,
  options: { maxBytes: number; timeoutMs?: number; headers?: Record<string, string> },
): Promise<Fetched> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS);
  try {
    const response = await fetcher(url, { ...(options.headers ? { headers: options.headers } : {}), signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      return { ok: false, reason: response.status >= 500 || response.status === 429 ? "failed" : "unavailable" };
    }
    if (Number(response.headers.get("content-length") ?? 0) > options.maxBytes) {
      await response.body.cancel();
      return { ok: false, reason: "too_large" };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > options.maxBytes) return { ok: false, reason: "too_large" };
      chunks.push(Buffer.from(chunk));
    }
    return {
      ok: true,
      bytes: Buffer.concat(chunks),
      contentType: response.headers.get("content-type")?.split(";")[0]?.trim() || undefined,
    };
  } catch (error) {
    return { ok: false, reason: (error as Error).name === "TimeoutError" ? "unavailable" : "failed" };
  }
}

/** Keeps the bytes under DATA_DIR/files/<folder>/ and answers their storage key ("<folder>/<uuid>"). */
export async function keepReceivedFile(dataDir: string, folder: ReceivedFolder, bytes: Buffer): Promise<string> {
  const key = `${folder}/${randomUUID()}`;
  const target = path.join(dataDir, "files", key);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, bytes);
  return key;
}

/** Kept files that nothing will carry (a repeated upload, a refused reply, a mail already handled). */
export async function discardReceivedFiles(dataDir: string, keys: string[]): Promise<void> {
  for (const key of keys) {
    const target = storedFilePath(dataDir, key);
    if (target) await rm(target, { force: true });
  }
}
