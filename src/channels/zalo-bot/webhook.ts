import type { FastifyInstance } from "fastify";
import type { InboundLog } from "../../inbound/inbound-log.js";
import { sameSecret } from "../../kernel/same-secret.js";
import { acceptInbound } from "../../server/server.js";
import { readZaloBotUpdate, zaloBotDedupKey } from "./updates.js";

export const ZALO_BOT_WEBHOOK_PATH = "/webhooks/zalo-bot";
export const ZALO_BOT_SOURCE = "zalo-bot";

/**
 * POST /webhooks/zalo-bot: the `X-Bot-Api-Secret-Token` header first (401), then the update's shape
 * (400), then the update, unwrapped, recorded in the inbound log (200, duplicate 200, 503).
 */
export function registerZaloBotWebhook(server: FastifyInstance, deps: { inbound: InboundLog; secret: string | undefined }): void {
  server.post(ZALO_BOT_WEBHOOK_PATH, async (request, reply) => {
    if (!sameSecret(request.headers["x-bot-api-secret-token"], deps.secret)) {
      request.log.warn(
        { source: ZALO_BOT_SOURCE, hasHeader: request.headers["x-bot-api-secret-token"] !== undefined },
        "zalo bot webhook refused: wrong secret",
      );
      return reply.code(401).send({ ok: false, error: "unauthorized" });
    }
    const update = readZaloBotUpdate(request.body);
    if (!update) {
      request.log.warn({ source: ZALO_BOT_SOURCE }, "zalo bot webhook refused: malformed update");
      return reply.code(400).send({ ok: false, error: "malformed_update" });
    }
    return acceptInbound(deps.inbound, reply, { source: ZALO_BOT_SOURCE, dedupKey: zaloBotDedupKey(update), payload: update });
  });
}
