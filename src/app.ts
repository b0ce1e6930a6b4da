import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { Env } from "./config/env.js";
import type { Database } from "./db/database.js";
import { createDeliveryWorker, type DeliveryWorker } from "./delivery/delivery-worker.js";
import type { Sender } from "./delivery/outbox.js";
import { createInboundLog, type InboundHandler, type InboundLog } from "./inbound/inbound-log.js";
import type { Clock } from "./kernel/clock.js";
import type { Logger } from "./kernel/logger.js";
import type { Policy } from "./policy/policy.schema.js";
import { createMetrics } from "./server/metrics.js";
import { buildServer } from "./server/server.js";

/** Everything the running product is made of, wired; main.ts and the integration tests both build it here. */
export interface App {
  server: FastifyInstance;
  inbound: InboundLog;
  delivery: DeliveryWorker;
  /** Starts the background workers (inbound processing, delivery). */
  startWorkers(): void;
  /** Stops accepting requests, lets the workers finish their round, closes the database. */
  stop(): Promise<void>;
}

export interface AppDeps {
  env: Env;
  policy: Policy;
  db: Database;
  clock: Clock;
  logger: Logger;
}

export async function createApp(deps: AppDeps): Promise<App> {
  const { db, clock, logger } = deps;
  const handlers: Record<string, InboundHandler> = {};
  const senders: Record<string, Sender> = {};

  const inbound = createInboundLog({ db, handlers, clock, logger: logger.child({ module: "inbound" }) });
  const delivery = createDeliveryWorker({ db, senders, clock, logger: logger.child({ module: "delivery" }) });
  const metrics = createMetrics({ inboundPending: inbound.pendingCount, outboxPending: delivery.pendingCount });
  const server = buildServer({ db, logger, metrics });

  return {
    server,
    inbound,
    delivery,
    startWorkers() {
      inbound.start();
      delivery.start();
    },
    async stop() {
      await server.close();
      await inbound.stop();
      await delivery.stop();
      await db.close();
    },
  };
}

export function dataDirOf(env: Env): string {
  return path.resolve(env.DATA_DIR, "pglite");
}
