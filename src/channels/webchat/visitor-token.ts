import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A web chat visitor is a random id kept in the browser; the server signs it (HMAC-SHA256 with the
 * app secret) so a visitor can only post as, and read the messages of, the id it was given.
 */

const VISITOR_ID = /^v_[A-Za-z0-9_-]{16,64}$/;

export const isVisitorId = (value: string): boolean => VISITOR_ID.test(value);

export function newVisitorId(): string {
  return `v_${randomBytes(18).toString("base64url")}`;
}

export function visitorToken(secret: string, visitorId: string): string {
  return createHmac("sha256", secret).update(`webchat-visitor:${visitorId}`).digest("base64url");
}

/** Constant-time check that `token` was issued for `visitorId`. */
export function verifyVisitor(secret: string, visitorId: string, token: string): boolean {
  if (!isVisitorId(visitorId)) return false;
  const expected = Buffer.from(visitorToken(secret, visitorId));
  const received = Buffer.from(token);
  return expected.length === received.length && timingSafeEqual(expected, received);
}
