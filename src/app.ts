import path from "node:path";
import type { FastifyInstance } from "fastify";
import { createTelegramModule } from "./channels/telegram/index.js";
import { createWebchatModule } from "./channels/webchat/index.js";
import type { Env } from "./config/env.js";
import { createDeliveryWorker, type DeliveryWorker } from "./delivery/delivery-worker.js";
import type { Sender } from "./delivery/outbox.js";
import { createInboundLog, type InboundHandler, type InboundLog } from "./inbound/inbound-log.js";
import { startPeriodic } from "./jobs/periodic.js";
import type { AppDeps, AppModule, ModuleDeps } from "./modules.js";
import { createMetrics } from "./server/metrics.js";
import { buildServer } from "./server/server.js";
import { createSlackModule } from "./slack/index.js";
import { createPolicySchedule, createTicketService, type TicketService } from "./tickets/index.js";
import { fileLink } from "./web/file-links.js";
import { createWebModule } from "./web/index.js";
import { ticketLink } from "./web/ticket-links.js";

export type { AppDeps, AppModule, ModuleDeps } from "./modules.js";

/** Everything the running product is made of, wired; main.ts and the integration tests both build it here. */
export interface App {
  server: FastifyInstance;
  inbound: InboundLog;
  delivery: DeliveryWorker;
  tickets: TicketService;
  /** Starts the background workers and what each channel needs at start (webhook registration, polling). */
  start(): Promise<void>;
  /** Stops accepting requests, lets the workers finish their round, closes the database. */
  stop(): Promise<void>;
}

export async function createApp(deps: AppDeps): Promise<App> {
  const { env, db, clock, logger, policy } = deps;
  const handlers: Record<string, InboundHandler> = {};
  const senders: Record<string, Sender> = {};

  const inbound = createInboundLog({ db, handlers, clock, logger: logger.child({ module: "inbound" }) });
  // The worker and the ticket service refer to each other: the worker kicks after a commit, a failure goes on the timeline.
  const delivery = createDeliveryWorker({
    db,
    senders,
    clock,
    logger: logger.child({ module: "delivery" }),
    onPermanentFailure: (failure) => tickets.recordDeliveryFailure(failure),
  });
  const tickets = createTicketService({
    db,
    policy,
    clock,
    schedule: createPolicySchedule(policy),
    staffChannels: env.SLACK_BOT_TOKEN ? ["slack"] : [],
    afterCommit: () => delivery.kick(),
  });
  await tickets.syncStaffFromPolicy();

  const moduleDeps: ModuleDeps = {
    ...deps,
    tickets,
    inbound,
    delivery,
    ticketLink: (ticket) => ticketLink(env, ticket),
    fileLink: (file) => fileLink(env, file, clock.now()),
  };
  const modules: AppModule[] = [];
  // Telegram and Slack are on when their token is set; the console, ticket page and web chat always.
  if (env.TELEGRAM_BOT_TOKEN) modules.push(createTelegramModule(moduleDeps));
  if (env.SLACK_BOT_TOKEN) modules.push(await createSlackModule(moduleDeps));
  modules.push(await createWebModule(moduleDeps));
  modules.push(createWebchatModule(moduleDeps));

  const metrics = createMetrics({ inboundPending: inbound.pendingCount, outboxPending: delivery.pendingCount });
  const server = buildServer({ db, logger, metrics });
  for (const module of modules) {
    Object.assign(handlers, module.handlers);
    Object.assign(senders, module.senders);
    module.routes?.(server);
  }

  let deadlineWatch: { stop(): Promise<void> } | undefined;
  return {
    server,
    inbound,
    delivery,
    tickets,
    async start() {
      inbound.start();
      delivery.start();
      // R2.4: warnings and escalation; safe with several instances (rows are locked with SKIP LOCKED).
      deadlineWatch = startPeriodic("deadlines", 30_000, tickets.watchDeadlines, logger.child({ module: "jobs" }));
      for (const module of modules) await module.start?.();
    },
    async stop() {
      await server.close();
      await deadlineWatch?.stop();
      for (const module of modules) await module.stop?.();
      await inbound.stop();
      await delivery.stop();
      await db.close();
    },
  };
}

export function dataDirOf(env: Env): string {
  return path.resolve(env.DATA_DIR, "pglite");
}
