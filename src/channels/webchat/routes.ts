import cors from "@fastify/cors";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { InboundLog } from "../../inbound/inbound-log.js";
import type { Language } from "../../kernel/language.js";
import type { Logger } from "../../kernel/logger.js";
import { MAX_CUSTOMER_FILE_BYTES, RECEIVED_FILES } from "../../kernel/stored-file.js";
import { clientKey } from "../../server/client-key.js";
import { discardReceivedFiles, keepReceivedFile } from "../../server/received-files.js";
import { acceptInbound } from "../../server/server.js";
import { headersSoFar } from "../../server/sse.js";
import type { TicketService } from "../../tickets/index.js";
import type { Feed } from "./feed.js";
import type { RateLimiter } from "./rate-limit.js";
import { emailBodySchema, feedQuerySchema, messageBodySchema, sessionBodySchema, UPLOAD_TYPES, uploadQuerySchema } from "./schemas.js";
import { openStream } from "./stream.js";
import { newVisitorId, verifyVisitor, visitorToken } from "./visitor-token.js";

export interface WebchatRouteDeps {
  inbound: InboundLog;
  tickets: TicketService;
  feed: Feed;
  secret: string;
  logger: Logger;
  defaultLanguage: Language;
  /** Where attached files are kept (DATA_DIR/files). */
  dataDir: string;
  limits: { messages: RateLimiter; reads: RateLimiter; sessions: RateLimiter; uploads: RateLimiter };
}

/** Messages are small: a 4000-character text is well under this. */
const BODY_LIMIT = 16 * 1024;
/** The widget runs on the company's other websites: the API is called cross-origin, without cookies. */
const CORS_OPTIONS = { origin: "*", methods: ["GET", "POST"], allowedHeaders: ["content-type"], credentials: false, maxAge: 86_400 };

/**
 * The web chat API under /webchat: a signed visitor session, messages in (validated, rate-limited,
 * recorded in the inbound log before the answer), the visitor's messages out by polling or SSE.
 */
export function registerWebchatRoutes(server: FastifyInstance, deps: WebchatRouteDeps): void {
  const streams = new Set<() => void>();
  // Open streams would keep server.close() waiting forever.
  server.addHook("preClose", async () => {
    for (const close of streams) close();
  });

  server.register(
    async (scope) => {
      // Preflights and Access-Control-* headers for every route under /webchat.
      await scope.register(cors, CORS_OPTIONS);
      scope.addHook("onRequest", async (_request, reply) => {
        reply.header("cache-control", "no-store");
      });
      registerApi(scope);
    },
    { prefix: "/webchat" },
  );

  function registerApi(untyped: FastifyInstance) {
    const scope = untyped.withTypeProvider<ZodTypeProvider>();
    // A file is posted as itself: any other Content-Type is a 415, a larger one a 413.
    scope.addContentTypeParser([...UPLOAD_TYPES], { parseAs: "buffer", bodyLimit: MAX_CUSTOMER_FILE_BYTES }, (_request, body, done) =>
      done(null, body),
    );

    scope.post("/session", { bodyLimit: BODY_LIMIT, schema: { body: sessionBodySchema } }, async (request, reply) => {
      if (!(await limited(reply, deps.limits.sessions, `ip:${clientKey(request.ip)}`))) return reply;
      const { visitorId, token } = request.body ?? {};
      if (visitorId && token && verifyVisitor(deps.secret, visitorId, token)) return { ok: true, visitorId, token };
      const fresh = newVisitorId();
      return { ok: true, visitorId: fresh, token: visitorToken(deps.secret, fresh) };
    });

    scope.post("/messages", { bodyLimit: BODY_LIMIT, schema: { body: messageBodySchema } }, async (request, reply) => {
      const { visitorId, token, clientMessageId, text, choice, language } = request.body;
      if (!verifyVisitor(deps.secret, visitorId, token)) return unauthorized(reply);
      if (!(await limited(reply, deps.limits.messages, visitorId))) return reply;
      const payload = {
        visitorId,
        clientMessageId,
        ...(text !== undefined ? { text } : {}),
        ...(choice !== undefined ? { choice } : {}),
        ...(language ? { language } : {}),
      };
      // The client's id, per visitor: a retried POST is recorded (and answered) once.
      return acceptInbound(deps.inbound, reply, { source: "webchat", dedupKey: `${visitorId}:${clientMessageId}`, payload });
    });

    // The visitor's token is checked before the body is read: a stranger's 20 MB is refused unread.
    const visitorFirst = async (request: FastifyRequest, reply: FastifyReply) => {
      const { visitorId, token } = request.query as Record<string, unknown>;
      if (typeof visitorId !== "string" || typeof token !== "string" || !verifyVisitor(deps.secret, visitorId, token))
        return unauthorized(reply);
    };
    const uploadOptions = { bodyLimit: MAX_CUSTOMER_FILE_BYTES, onRequest: visitorFirst, schema: { querystring: uploadQuerySchema } };
    scope.post("/files", uploadOptions, async (request, reply) => {
      const { visitorId, clientMessageId, name, language } = request.query;
      const mimeType =
        String(request.headers["content-type"] ?? "")
          .split(";")[0]
          ?.trim() ?? "";
      if (!Buffer.isBuffer(request.body) || request.body.length === 0)
        return invalid(reply, [{ path: ["body"], message: "a non-empty file is required" }]);
      if (!(await limited(reply, deps.limits.messages, visitorId))) return reply;
      // Visitor ids are free: the files one address may send are counted too.
      if (!(await limited(reply, deps.limits.uploads, clientKey(request.ip)))) return reply;
      // Kept under DATA_DIR/files/webchat like the other channels' files: staff open it through our signed links.
      const attachment = {
        name,
        mimeType,
        size: request.body.length,
        key: await keepReceivedFile(deps.dataDir, RECEIVED_FILES.webchat, request.body),
      };
      deps.logger.info({ visitorId, mimeType, size: attachment.size }, "web chat file received");
      const payload = { visitorId, clientMessageId, text: "", attachments: [attachment], ...(language ? { language } : {}) };
      // Like a message: recorded in the inbound log before the answer, once per client id; a
      // repeated upload (a retry) keeps only the first one's file.
      const event = { source: "webchat", dedupKey: `${visitorId}:${clientMessageId}`, payload };
      return acceptInbound(deps.inbound, reply, event, { duplicate: () => discardReceivedFiles(deps.dataDir, [attachment.key]) });
    });

    scope.get("/messages", { schema: { querystring: feedQuerySchema } }, async (request, reply) => {
      const { visitorId, token, after } = request.query;
      if (!verifyVisitor(deps.secret, visitorId, token)) return unauthorized(reply);
      if (!(await limited(reply, deps.limits.reads, visitorId))) return reply;
      return { ok: true, messages: await deps.feed.read(visitorId, after ?? 0) };
    });

    scope.get("/stream", { schema: { querystring: feedQuerySchema } }, async (request, reply) => {
      const { visitorId, token, after } = request.query;
      if (!verifyVisitor(deps.secret, visitorId, token)) return unauthorized(reply);
      if (!(await limited(reply, deps.limits.reads, visitorId))) return reply;
      // The browser's own reconnect sends the last event id it saw: newer than the URL's `after`.
      const lastEventId = Number(request.headers["last-event-id"]);
      const from = Math.max(after ?? 0, Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : 0);
      const close = openStream(reply, { feed: deps.feed, logger: deps.logger, visitorId, after: from, headers: headersSoFar(reply) });
      streams.add(close);
      reply.raw.on("close", () => streams.delete(close));
      return reply;
    });

    scope.post("/email", { bodyLimit: BODY_LIMIT, schema: { body: emailBodySchema } }, async (request, reply) => {
      const { visitorId, token, email, language } = request.body;
      if (!verifyVisitor(deps.secret, visitorId, token)) return unauthorized(reply);
      if (!(await limited(reply, deps.limits.messages, visitorId))) return reply;
      const customer = await deps.tickets.identifyCustomer({
        channel: "webchat",
        externalId: visitorId,
        language: language ?? deps.defaultLanguage,
      });
      // Staff see the address with the customer's details; their replies go there as well when the mailbox is on.
      await deps.tickets.askRepliesByEmail(customer.id, email);
      return { ok: true };
    });
  }
}

function invalid(reply: FastifyReply, issues: { path: PropertyKey[]; message: string }[]) {
  const problems = issues.slice(0, 5).map((i) => `${i.path.map(String).join(".") || "body"}: ${i.message}`);
  return reply.code(400).send({ ok: false, error: "invalid_request", problems });
}

function unauthorized(reply: FastifyReply) {
  return reply.code(401).send({ ok: false, error: "unauthorized" });
}

/** False (and a 429 with Retry-After already sent) when the key is over its limit. */
async function limited(reply: FastifyReply, limiter: RateLimiter, key: string): Promise<boolean> {
  const decision = await limiter.hit(key);
  if (decision.ok) return true;
  void reply.code(429).header("retry-after", String(decision.retryAfterSeconds)).send({ ok: false, error: "rate_limited" });
  return false;
}
