import { createHmac, timingSafeEqual } from "node:crypto";
import { loadAppSecret } from "../config/app-secret.js";
import type { Env } from "../config/env.js";
import type { StoredFile } from "../kernel/stored-file.js";
import { publicBase } from "./ticket-links.js";

/**
 * Links to customers' files kept under DATA_DIR/files, for staff: our own URL, signed with the app
 * secret and valid for a week, so the platform's file URL (it carries the bot token) never leaves
 * the server. The name and type are signed into the link: the file on disk is bare bytes, and a
 * signed type cannot be switched to text/html by whoever holds the link.
 */

export const FILE_LINK_TTL_SECONDS = 7 * 24 * 60 * 60;

// JSON keeps the fields apart whatever a file's name contains.
const mac = (secret: string, file: StoredFile, exp: number) =>
  createHmac("sha256", secret)
    .update(`file-link:${JSON.stringify([file.key, file.name, file.mimeType, exp])}`)
    .digest("base64url");

/** The path and query of a file link, without the host. */
export function signedFilePath(secret: string, file: StoredFile, exp: number): string {
  const query = new URLSearchParams({ name: file.name, type: file.mimeType, exp: String(exp), sig: mac(secret, file, exp) });
  return `/files/${file.key.split("/").map(encodeURIComponent).join("/")}?${query.toString()}`;
}

const DAY_SECONDS = 24 * 60 * 60;

/**
 * The link staff open for a stored file; `now` comes from the app's clock. The expiry is rounded up
 * to the end of a UTC day (valid 7 to 8 days), so a card re-rendered the same day is unchanged and
 * Slack is not sent a needless chat.update.
 */
export function fileLink(env: Pick<Env, "APP_SECRET" | "DATA_DIR" | "PUBLIC_URL" | "PORT">, file: StoredFile, now: Date): string {
  return `${publicBase(env)}${signedFilePath(loadAppSecret(env), file, fileLinkExpiry(now))}`;
}

/** Unix seconds at which a link made now stops working. */
export function fileLinkExpiry(now: Date): number {
  return Math.ceil((Math.floor(now.getTime() / 1000) + FILE_LINK_TTL_SECONDS) / DAY_SECONDS) * DAY_SECONDS;
}

/** The file a link names when its signature is right and it has not expired; null otherwise. */
export function verifyFileLink(secret: string, key: string, query: Record<string, unknown>, now: Date): StoredFile | null {
  const { name, type, exp, sig } = query;
  if (typeof name !== "string" || typeof type !== "string" || typeof exp !== "string" || typeof sig !== "string") return null;
  if (!/^\d{1,12}$/.test(exp)) return null;
  const expires = Number(exp);
  const file = { key, name, mimeType: type };
  const expected = Buffer.from(mac(secret, file, expires));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return expires * 1000 > now.getTime() ? file : null;
}

export { storedFilePath } from "../kernel/stored-file.js";

/** Image types a browser shows without running anything (no SVG: it can carry script). */
const INLINE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

/** The headers a stored file is served with: a safe type, and a download unless it is a plain image. */
export function fileHeaders(file: Pick<StoredFile, "name" | "mimeType">): Record<string, string> {
  const mimeType = file.mimeType.toLowerCase();
  const inline = INLINE_TYPES.has(mimeType);
  const type = inline || mimeType === "application/pdf" ? mimeType : "application/octet-stream";
  const fallback = asciiName(file.name);
  return {
    "content-type": type,
    "content-disposition": `${inline ? "inline" : "attachment"}; filename="${fallback}"; filename*=UTF-8''${encodeRFC5987(file.name)}`,
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    "referrer-policy": "no-referrer",
    // A customer's file is personal data: no cache keeps it (the signed link is short-lived anyway).
    "cache-control": "no-store",
  };
}

/** For clients that ignore filename*: Vietnamese letters without their marks ("ảnh lỗi" → "anh loi"), other characters as "_". */
const asciiName = (name: string) =>
  name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^\x20-\x7e]|["\\]/g, "_") || "file";

const encodeRFC5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
