import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import type { Registry } from "prom-client";
import type { InboundLog } from "../inbound/inbound-log.js";
import type { Logger } from "../kernel/logger.js";
import type { HealthRegistry } from "./health.js";

export interface ServerDeps {
  /** The database, as far as /healthz sees it. */
  db: { kind: string; health(): Promise<{ ok: boolean; pending: string[]; error?: string }> };
  logger: Logger;
  metrics: Registry;
  /** Components that report their own health (channels); none when left out. */
  health?: HealthRegistry;
  /** Largest accepted request body; webhooks are small, files are fetched separately. */
  bodyLimit?: number;
}

/** One HTTP server for every webhook, the web pages, health and metrics. */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    // biome-ignore lint/suspicious/noExplicitAny: pino's logger satisfies Fastify's logger interface; our port is narrower.
    loggerInstance: deps.logger as any,
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
    trustProxy: true,
  });

  // 503 only when the database is gone: nothing works then. A component that is down (a channel
  // whose token was revoked) makes the answer "degraded" with 200, since the rest still serves and
  // a restart would not help; the component says what the operator must do.
  app.get("/healthz", async (_request, reply) => {
    const health = await deps.db.health();
    const components = deps.health?.components() ?? {};
    const degraded = Object.values(components).some((component) => component.status !== "ok");
    const body = {
      status: !health.ok ? "unavailable" : degraded ? "degraded" : "ok",
      database: { kind: deps.db.kind, reachable: health.error === undefined, pendingMigrations: health.pending },
      components,
    };
    return reply.code(health.ok ? 200 : 503).send(body);
  });

  app.get("/metrics", async (_request, reply) => {
    reply.header("content-type", deps.metrics.contentType);
    return deps.metrics.metrics();
  });

  // Bad JSON or an oversized body is the client's fault: a clear 4xx, never a 500.
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, "request failed");
    else request.log.warn({ code: error.code, reason: error.message }, "bad request");
    return reply.code(status).send({ ok: false, error: status >= 500 ? "internal_error" : (error.code ?? "bad_request") });
  });

  return app;
}

/**
 * Records a webhook event in the inbound log before the platform gets its answer:
 * 200 for a new or duplicate event, 503 when the database cannot take it (the platform retries).
 */
export async function acceptInbound(
  inbound: InboundLog,
  reply: FastifyReply,
  event: { source: string; dedupKey: string; payload: unknown },
): Promise<FastifyReply> {
  try {
    const outcome = await inbound.record(event.source, event.dedupKey, event.payload);
    reply.log.info({ source: event.source, dedupKey: event.dedupKey, outcome }, "inbound event recorded");
    return reply.code(200).send({ ok: true });
  } catch (error) {
    reply.log.error({ err: error, source: event.source, dedupKey: event.dedupKey }, "inbound event could not be recorded");
    return reply.code(503).send({ ok: false, error: "temporarily_unavailable" });
  }
}
