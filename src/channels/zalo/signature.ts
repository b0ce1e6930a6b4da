import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Zalo's webhook signature (`X-ZEvent-Signature: mac=<hex>`): plain SHA-256, not an HMAC, over the
 * app id, the exact bytes received, the body's `timestamp` string and the OA Secret Key.
 */
export function zaloMac(input: { appId: string; rawBody: Buffer; timestamp: string; secretKey: string }): string {
  return createHash("sha256")
    .update(input.appId, "utf8")
    .update(input.rawBody)
    .update(input.timestamp, "utf8")
    .update(input.secretKey, "utf8")
    .digest("hex");
}

/** Whether the header carries the mac of these bytes; compared in constant time. */
export function validZaloSignature(
  header: unknown,
  input: { appId: string; rawBody: Buffer; timestamp: string; secretKey: string },
): boolean {
  if (typeof header !== "string") return false;
  const received = Buffer.from(header.trim().replace(/^mac=/i, "").toLowerCase(), "utf8");
  const expected = Buffer.from(zaloMac(input), "utf8");
  return received.length === expected.length && timingSafeEqual(received, expected);
}
