import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { InboundLog } from "../../inbound/inbound-log.js";
import { sameSecret } from "../../kernel/same-secret.js";
import { acceptInbound } from "../../server/server.js";

export const WEBHOOK_PATH = "/webhooks/telegram";

/** The webhook answer that makes Telegram answer a button press (stops the button's spinner). */
const answerButton = (callbackQueryId: string) => ({ method: "answerCallbackQuery", callback_query_id: callbackQueryId });

/**
 * What the webhook checks before it stores an update: an update id to deduplicate by, and the chat
 * or user an answer would go to. Everything else is grammY's `Update` type, read when the update
 * is handled; unknown fields are kept, since Telegram adds fields over time.
 */
const chatOf = z.looseObject({ chat: z.looseObject({ id: z.number().int() }) });
const storableUpdate = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: chatOf.optional(),
  edited_message: chatOf.optional(),
  callback_query: z.looseObject({ id: z.string(), from: z.looseObject({ id: z.number().int() }) }).optional(),
});

/**
 * POST /webhooks/telegram: the secret header first (401), then the update's shape (400), then the
 * raw update recorded in the inbound log (200, duplicate 200, 503 when the database cannot take it).
 * A button press is answered in the 200 itself: Telegram performs the method a webhook's answer
 * names, so the button stops spinning at once, however long the backlog, and no handler has to
 * call Telegram for it (once per press, outside any transaction).
 */
export function registerTelegramWebhook(server: FastifyInstance, deps: { inbound: InboundLog; secret: string | undefined }): void {
  server.post(WEBHOOK_PATH, async (request, reply) => {
    if (!sameSecret(request.headers["x-telegram-bot-api-secret-token"], deps.secret)) {
      request.log.warn(
        { source: "telegram", hasHeader: request.headers["x-telegram-bot-api-secret-token"] !== undefined },
        "telegram webhook refused: wrong secret",
      );
      return reply.code(401).send({ ok: false, error: "unauthorized" });
    }
    const parsed = storableUpdate.safeParse(request.body);
    if (!parsed.success) {
      request.log.warn(
        { source: "telegram", problems: parsed.error.issues.map((i) => i.path.join(".")).slice(0, 5) },
        "telegram webhook refused: malformed update",
      );
      return reply.code(400).send({ ok: false, error: "malformed_update" });
    }
    const event = { source: "telegram", dedupKey: String(parsed.data.update_id), payload: request.body };
    const query = parsed.data.callback_query;
    return acceptInbound(deps.inbound, reply, event, query ? { accepted: answerButton(query.id) } : {});
  });
}
