import { createHmac } from "node:crypto";

export interface SlackSignatureHeaders {
  "x-slack-signature": string;
  "x-slack-request-timestamp": string;
}

/**
 * Signs an inbound request the way Slack does (v0): `v0=` + hex HMAC-SHA256, keyed with the signing secret,
 * over `v0:<timestamp>:<raw body>`. The body must be the exact bytes sent (for interactions, the `payload=…` form).
 */
export function signSlackRequest(signingSecret: string, rawBody: string | Buffer, timestampSeconds: number): SlackSignatureHeaders {
  const timestamp = String(Math.trunc(timestampSeconds));
  const hmac = createHmac("sha256", signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return { "x-slack-signature": `v0=${hmac.digest("hex")}`, "x-slack-request-timestamp": timestamp };
}
