import { createHmac, timingSafeEqual } from "node:crypto";

/** Slack's replay window: a request signed more than five minutes from now is refused. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SignatureCheck = "ok" | "missing" | "stale" | "bad_signature";

/**
 * Slack request signing (v0): `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` keyed with the
 * signing secret, compared in constant time; the timestamp must be within five minutes of `nowMs`
 * in either direction (Slack's documented rule; Bolt only refuses old ones).
 */
export function checkSlackSignature(input: {
  signingSecret: string;
  rawBody: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}): SignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return "missing";
  if (Math.abs(input.nowMs / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) return "stale";
  const hmac = createHmac("sha256", input.signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(input.rawBody);
  const expected = Buffer.from(`v0=${hmac.digest("hex")}`, "utf8");
  const received = Buffer.from(signature, "utf8");
  return expected.length === received.length && timingSafeEqual(expected, received) ? "ok" : "bad_signature";
}
