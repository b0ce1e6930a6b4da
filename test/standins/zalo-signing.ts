import { createHash } from "node:crypto";

/** Zalo's webhook signature, as the stand-in computes it: `mac=` + SHA-256 hex of appId + raw body + timestamp + OA secret key. */
export function zaloEventSignature(input: { appId: string; rawBody: string; timestamp: string; oaSecretKey: string }): string {
  const digest = createHash("sha256").update(`${input.appId}${input.rawBody}${input.timestamp}${input.oaSecretKey}`, "utf8").digest("hex");
  return `mac=${digest}`;
}
