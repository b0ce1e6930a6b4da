import { createHash, randomBytes } from "node:crypto";

/** A random secret for a cookie or a link, URL-safe. */
export const newSecretToken = (bytes: number): string => randomBytes(bytes).toString("base64url");

/**
 * What the database keeps of a secret token: its SHA-256. The tokens are 192+ random bits, so a
 * plain hash (no salt, no stretching) is enough, and a lookup by hash needs no comparison in code.
 */
export const secretTokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");
