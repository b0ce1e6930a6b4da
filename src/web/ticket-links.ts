import { createHmac, timingSafeEqual } from "node:crypto";
import { loadAppSecret } from "../config/app-secret.js";
import type { Env } from "../config/env.js";

/**
 * A customer's ticket page link, `/t/<number>-<mac>`: the mac is an HMAC of the ticket's random
 * access token under the app secret, so a link cannot be guessed or edited (→ 404), and rotating
 * the access token revokes every link given out before.
 */
export interface LinkedTicket {
  number: number;
  accessToken: string;
}

const mac = (secret: string, accessToken: string) =>
  createHmac("sha256", secret).update(`ticket-page:${accessToken}`).digest("base64url").slice(0, 32);

export function signedTicketId(secret: string, ticket: LinkedTicket): string {
  return `${ticket.number}-${mac(secret, ticket.accessToken)}`;
}

/** The ticket number in a well-formed signed id, before any check: look the ticket up, then `verifySignedTicketId`. */
export function numberOfSignedId(signedId: string): number | null {
  const match = /^(\d{1,9})-([A-Za-z0-9_-]{32})$/.exec(signedId);
  return match ? Number(match[1]) : null;
}

export function verifySignedTicketId(secret: string, signedId: string, ticket: LinkedTicket): boolean {
  const expected = Buffer.from(signedTicketId(secret, ticket));
  const given = Buffer.from(signedId);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Base URL for links: PUBLIC_URL when set, else the local address. */
export function publicBase(env: Pick<Env, "PUBLIC_URL" | "PORT">): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}

/** The link to give a customer with their ticket number, on any channel. */
export function ticketLink(env: Pick<Env, "APP_SECRET" | "DATA_DIR" | "PUBLIC_URL" | "PORT">, ticket: LinkedTicket): string {
  return `${publicBase(env)}/t/${signedTicketId(loadAppSecret(env), ticket)}`;
}
