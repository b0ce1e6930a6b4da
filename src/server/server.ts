import { timingSafeEqual } from "node:crypto";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Registry } from "prom-client";
import type { InboundLog } from "../inbound/inbound-log.js";
import type { Counters } from "../kernel/counters.js";
import type { Logger } from "../kernel/logger.js";
import { registerEdge } from "./edge.js";
import type { HealthRegistry } from "./health.js";
import { useSchemaValidation, validationAnswer } from "./input.js";

export interface ServerDeps {
  /** The database, as far as /healthz sees it. */
  db: { kind: string; health(): Promise<{ ok: boolean; pending: string[]; error?: string }> };
  logger: Logger;
  metrics: Registry;
  /** Components that report their own health (channels); none when left out. */
  health?: HealthRegistry;
  /** Largest accepted request body; webhooks are small, files are fetched separately. */
  bodyLimit?: number;
  /** Proxies allowed to name the client (TRUST_PROXY): none by default, so `request.ip` is the TCP peer. */
  trustProxy?: number | string[] | false;
  /** METRICS_TOKEN: /metrics asks for it as a Bearer token; unset, /metrics answers loopback clients only. */
  metricsToken?: string | undefined;
  /** The public address is https (HSTS). */
  https?: boolean;
  /** Where the general per-client ceiling counts (shared by instances). */
  counters: Counters;
}

/** One HTTP server for every webhook, the web pages, health and metrics. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // biome-ignore lint/suspicious/noExplicitAny: pino's logger satisfies Fastify's logger interface; our port is narrower.
    loggerInstance: deps.logger as any,
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
    trustProxy: trustedProxies(deps.trustProxy ?? false),
  });
  // Before any plugin or route: each encapsulated scope takes its compilers from its parent when registered.
  useSchemaValidation(app);
  await registerEdge(app, { https: deps.https ?? false, counters: deps.counters });

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

  app.get("/metrics", async (request, reply) => {
    if (!mayReadMetrics(request, deps)) return reply.code(deps.metricsToken ? 401 : 403).send({ ok: false, error: "forbidden" });
    reply.header("content-type", deps.metrics.contentType);
    return deps.metrics.metrics();
  });

  // Bad JSON, an oversized body or input its route's schema refuses is the client's fault: a clear 4xx, never a 500.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const refused = validationAnswer(error);
    if (refused) {
      request.log.warn({ problems: refused.problems }, "bad request: refused by the route's schema");
      return reply.code(400).send(refused);
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, "request failed");
    else request.log.warn({ code: error.code, reason: error.message }, "bad request");
    return reply.code(status).send({ ok: false, error: status >= 500 ? "internal_error" : errorName(status, error.code) });
  });

  // Browsers ask for it on every page: no icon, and no 404 in their console.
  app.get("/favicon.ico", (_request, reply) => reply.code(204).send());

  // Fastify's own 404 would log the raw URL (a ticket link's mac, a token): the request line is logged masked already.
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ ok: false, error: "not_found" }));

  return app;
}

/** Fastify's own refusals (FST_ERR_…) by what they mean to a client; the app's own codes as they are. */
const REFUSAL_BY_STATUS: Record<number, string> = { 400: "invalid_request", 413: "too_large", 415: "unsupported_media_type" };
function errorName(status: number, code: string | undefined): string {
  if (code && !code.startsWith("FST_")) return code;
  return REFUSAL_BY_STATUS[status] ?? "bad_request";
}

/** A hop count trusts the nearest n proxies (as Fastify does for a number, which its types leave out). */
function trustedProxies(setting: number | string[] | false) {
  return typeof setting === "number" ? (_address: string, hop: number) => hop < setting : setting;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * With METRICS_TOKEN, the Bearer token; without it, a client on this machine only: a loopback peer
 * that no untrusted proxy stands in front of (a local proxy adds X-Forwarded-For).
 */
function mayReadMetrics(request: FastifyRequest, deps: Pick<ServerDeps, "metricsToken" | "trustProxy">): boolean {
  if (deps.metricsToken) {
    const given = Buffer.from(/^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1] ?? "");
    const expected = Buffer.from(deps.metricsToken);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  const forwarded = request.headers["x-forwarded-for"] !== undefined || request.headers.forwarded !== undefined;
  return LOOPBACK.test(request.ip) && (!forwarded || Boolean(deps.trustProxy));
}

export interface AcceptOptions {
  /** The 200's body, when the platform reads one (default `{ ok: true }`). */
  accepted?: object;
  /**
   * The event was recorded before (a repeat): what was kept for this copy goes. (When the database
   * fails, whether it was recorded is unknown: what was kept stays, for the retention round to judge.)
   */
  duplicate?: () => Promise<void>;
}

/**
 * Records a webhook event in the inbound log before the platform gets its answer:
 * 200 for a new or duplicate event, 503 when the database cannot take it (the platform retries).
 */
export async function acceptInbound(
  inbound: InboundLog,
  reply: FastifyReply,
  event: { source: string; dedupKey: string; payload: unknown },
  options: AcceptOptions = {},
): Promise<FastifyReply> {
  let outcome: "new" | "duplicate";
  try {
    outcome = await inbound.record(event.source, event.dedupKey, event.payload);
  } catch (error) {
    reply.log.error({ err: error, source: event.source, dedupKey: event.dedupKey }, "inbound event could not be recorded");
    return reply.code(503).send({ ok: false, error: "temporarily_unavailable" });
  }
  reply.log.info({ source: event.source, dedupKey: event.dedupKey, outcome }, "inbound event recorded");
  if (outcome === "duplicate") {
    await options.duplicate?.().catch((error: unknown) => reply.log.warn({ err: error }, "a repeated event's copy could not be removed"));
  }
  return reply.code(200).send(options.accepted ?? { ok: true });
}
