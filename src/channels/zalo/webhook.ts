import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type InboundLog, KEEP_FINISHED_EVENTS_MS } from "../../inbound/inbound-log.js";
import type { Clock } from "../../kernel/clock.js";
import { acceptInbound } from "../../server/server.js";
import { ignoredEvent, isSubmitInfo, submittedContact, zaloDedupKey, zaloEvent } from "./events.js";
import { validZaloSignature } from "./signature.js";

export const ZALO_WEBHOOK_PATH = "/webhooks/zalo";
export const ZALO_SOURCE = "zalo";

export interface ZaloWebhookDeps {
  inbound: InboundLog;
  clock: Clock;
  appId: string;
  /** The OA Secret Key of the app's Webhook page (its own setting, not the App Secret Key). */
  secretKey: string;
}

/**
 * POST /webhooks/zalo: the signature over the exact bytes first (401, nothing stored), then the
 * event's shape (400), echoes and receipts acknowledged and dropped, then the raw event recorded in
 * the inbound log (200 at once, a duplicate 200, 503 when the database cannot take it): Zalo wants
 * its answer within 2 s and retries otherwise.
 */
export function registerZaloWebhook(server: FastifyInstance, deps: ZaloWebhookDeps): void {
  server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body));
    // Saving the URL in Zalo's console sends a test request; some guides mention a GET check too.
    scope.get(ZALO_WEBHOOK_PATH, async (_request, reply) => reply.code(200).send({ ok: true }));
    scope.post(ZALO_WEBHOOK_PATH, (request, reply) => handle(request, reply, deps));
  });
}

async function handle(request: FastifyRequest, reply: FastifyReply, deps: ZaloWebhookDeps) {
  const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const body = parseJson(rawBody);
  const timestamp = typeof body?.timestamp === "string" ? body.timestamp : "";
  const signature = request.headers["x-zevent-signature"];
  if (!validZaloSignature(signature, { appId: deps.appId, rawBody, timestamp, secretKey: deps.secretKey })) {
    request.log.warn(
      { source: ZALO_SOURCE, hasHeader: signature !== undefined, bytes: rawBody.length },
      "zalo webhook refused: bad signature",
    );
    return reply.code(401).send({ ok: false, error: "unauthorized" });
  }
  // A signed event older than the log keeps handled events could be handled twice: only a replay sends one.
  const sentAt = timestamp === "" ? Number.NaN : Number(timestamp);
  if (Number.isFinite(sentAt) && deps.clock.now().getTime() - sentAt > KEEP_FINISHED_EVENTS_MS) {
    request.log.warn({ source: ZALO_SOURCE, sentAt: new Date(sentAt).toISOString() }, "zalo webhook refused: stale event");
    return reply.code(400).send({ ok: false, error: "stale_event" });
  }
  const name = typeof body?.event_name === "string" ? body.event_name : "";
  const ignored = ignoredEvent(name);
  if (ignored) {
    const log = ignored === "anonymous" ? request.log.info.bind(request.log) : request.log.debug.bind(request.log);
    log({ source: ZALO_SOURCE, event: name }, `zalo event not handled: ${ignored}`);
    return reply.code(200).send({ ok: true });
  }
  const parsed = zaloEvent.safeParse(body);
  if (!parsed.success) {
    // A signed event of a kind we do not read (a reaction, a group message) is acknowledged, not retried.
    const known = /^(user_send_|user_click_|follow$|unfollow$|user_submit_info$)/.test(name);
    request.log.warn(
      { source: ZALO_SOURCE, event: name, problems: parsed.error.issues.map((i) => i.path.join(".")).slice(0, 5) },
      known ? "zalo webhook refused: malformed event" : "zalo event not handled: unknown kind",
    );
    return known ? reply.code(400).send({ ok: false, error: "malformed_event" }) : reply.code(200).send({ ok: true });
  }
  const dedupKey = zaloDedupKey(parsed.data);
  if (isSubmitInfo(parsed.data)) return acceptContactForm(deps, reply, dedupKey, body ?? {}, submittedContact(parsed.data.info));
  return acceptInbound(deps.inbound, reply, { source: ZALO_SOURCE, dedupKey, payload: body });
}

/**
 * The contact form answers two questions: each answer is recorded as its own event (in order, in the
 * user's partition), so each turn commits with its own processed mark and a crash between them loses
 * neither. A retried delivery finds both recorded; a half recorded before a failure is completed then.
 */
async function acceptContactForm(
  deps: ZaloWebhookDeps,
  reply: FastifyReply,
  dedupKey: string,
  body: Record<string, unknown>,
  contact: { name?: string; phone?: string },
) {
  const parts = (["name", "phone"] as const).filter((part) => contact[part] !== undefined);
  if (parts.length === 0) return acceptInbound(deps.inbound, reply, { source: ZALO_SOURCE, dedupKey, payload: body });
  try {
    for (const part of parts) await deps.inbound.record(ZALO_SOURCE, `${dedupKey}:${part}`, { ...body, hotro_part: part });
  } catch (error) {
    reply.log.error({ err: error, source: ZALO_SOURCE, dedupKey }, "inbound event could not be recorded");
    return reply.code(503).send({ ok: false, error: "temporarily_unavailable" });
  }
  reply.log.info({ source: ZALO_SOURCE, dedupKey, parts }, "inbound contact form recorded");
  return reply.code(200).send({ ok: true });
}

function parseJson(raw: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw.toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
