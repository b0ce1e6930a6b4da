import cookie from "@fastify/cookie";
import helmet, { type FastifyHelmetOptions } from "@fastify/helmet";
import rateLimit, { type FastifyRateLimitStore } from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Counters } from "../kernel/counters.js";
import { clientKey } from "./client-key.js";

/**
 * What every response of the server gets, from the kept Fastify plugins: security headers (helmet;
 * each page declares its own CSP with `pageSecurity`), cookies, and a general ceiling of requests per
 * client (rate-limit, counted in the database so several instances share it). The limits that say
 * more than "this many a minute" (sign-in delays, per web chat visitor) are their modules' own.
 */
export interface EdgeOptions {
  /** HSTS is sent only when the public address is https: over http a browser would ignore it anyway. */
  https: boolean;
  counters: Counters;
  /** Requests per client per minute on every route but webhooks, health and metrics. */
  ceilingPerMinute?: number;
}

/** What an API answer or an unknown page may do: nothing but be read. */
const NOTHING = { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] };

/** Helmet's settings for one route: its page's CSP (directives as helmet writes them), the rest as everywhere. */
export function pageSecurity(directives: Record<string, string[]>, extra: Partial<FastifyHelmetOptions> = {}) {
  return { helmet: { contentSecurityPolicy: { useDefaults: false, directives }, ...extra } as FastifyHelmetOptions };
}

/** Platforms' callbacks are never throttled by address (their retries would pile up); health and metrics neither. */
const UNLIMITED = /^\/(webhooks\/|slack\/|healthz$|metrics$)/;
const MINUTE = 60_000;

export async function registerEdge(app: FastifyInstance, options: EdgeOptions): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: NOTHING },
    strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    referrerPolicy: { policy: "no-referrer" },
    xFrameOptions: { action: "deny" },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    max: options.ceilingPerMinute ?? 1200,
    timeWindow: MINUTE,
    store: countersStore(options.counters),
    // The database unreachable: the request goes on (and meets the same database), never a 500 from here.
    skipOnError: true,
    allowList: (request: FastifyRequest) => UNLIMITED.test(request.url.split("?")[0] ?? ""),
    keyGenerator: (request: FastifyRequest) => clientKey(request.ip),
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error("rate limited"), { statusCode: context.statusCode, code: "rate_limited" }),
  });
}

/** @fastify/rate-limit's store interface over the shared counters: one upsert per request. */
class CountersStore implements FastifyRateLimitStore {
  constructor(
    private readonly counters: Counters,
    private readonly name: string,
  ) {}
  incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number) {
    this.counters.hit(this.name, key, timeWindow).then(
      (c) => callback(null, { current: c.hits, ttl: Math.max(0, c.expiresAt - c.lastAt) }),
      (error: Error) => callback(error),
    );
  }
  child(route: { method: string | string[]; url: string }): FastifyRateLimitStore {
    return new CountersStore(this.counters, `http:${String(route.method)}:${route.url}`);
  }
}

/** The plugin builds its store with `new Store(options)`: a subclass bound to our counters. */
const countersStore = (counters: Counters) =>
  class extends CountersStore {
    constructor() {
      super(counters, "http");
    }
  };
