import { createHash, randomInt, timingSafeEqual } from "node:crypto";

/**
 * One-time codes that confirm a customer's identity (a copy or deletion of their data, a contact
 * verification): 6 digits, only their SHA-256 kept (bound to the request, so one hash is no use for
 * another), valid for a few minutes, and a few wrong tries lock the request.
 */

export const CODE_DIGITS = 6;

export function newCode(): string {
  return String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, "0");
}

export function hashCode(requestId: string, code: string): string {
  return createHash("sha256").update(`privacy-code:${requestId}:${code}`).digest("hex");
}

export interface PendingCode {
  requestId: string;
  codeHash: string | null;
  expiresAt: Date | null;
  attempts: number;
}

export type CodeCheck = "ok" | "wrong" | "expired" | "locked";

/** What a code typed now means; `maxAttempts` wrong ones lock the request. */
export function checkCode(pending: PendingCode, typed: string, now: Date, maxAttempts: number): CodeCheck {
  if (pending.attempts >= maxAttempts) return "locked";
  if (!pending.codeHash || !pending.expiresAt || now.getTime() > pending.expiresAt.getTime()) return "expired";
  const digits = typed.replace(/\s+/g, "");
  if (!new RegExp(`^\\d{${CODE_DIGITS}}$`).test(digits)) return "wrong";
  const expected = Buffer.from(pending.codeHash, "hex");
  const actual = Buffer.from(hashCode(pending.requestId, digits), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? "ok" : "wrong";
}

/** Does the text look like a code being typed (so the dialog treats it as one)? */
export const looksLikeCode = (text: string): boolean => /^\d{3}\s?\d{3}$/.test(text.trim());
