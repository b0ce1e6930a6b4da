import { timingSafeEqual } from "node:crypto";

/** Whether a received header equals the configured secret, compared in constant time; false when either is missing. */
export function sameSecret(received: unknown, expected: string | undefined): boolean {
  if (!expected || typeof received !== "string") return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
