import type { FastifyInstance } from "fastify";
import type { EmailOptions } from "./channels/email/index.js";
import type { TelegramOptions } from "./channels/telegram/index.js";
import { createWebchatModule } from "./channels/webchat/index.js";
import type { ZaloBotOptions } from "./channels/zalo-bot/index.js";
import { generatedSecret } from "./config/app-secret.js";
import type { Env } from "./config/env.js";
import { type ContentService, createContentService, createPolicyReloader, type ReloadResult } from "./content/index.js";
import { filesInDrafts } from "./conversation/index.js";
import { sharedSetting } from "./db/app-settings.js";
import { createCounters } from "./db/counters.js";
import { embeddedDatabaseDir } from "./db/data-dir-lock.js";
import type { Database } from "./db/database.js";
import { createLeadership } from "./db/leadership.js";
import { publishTicketChanges } from "./db/ticket-changes.js";
import { createDeliveryWorker, type DeliveryWorker } from "./delivery/delivery-worker.js";
import type { Sender } from "./delivery/outbox.js";
import { createPace } from "./delivery/pace.js";
import { createPaceStore } from "./delivery/store.js";
import {
  createInboundLog,
  type InboundHandler,
  type InboundLog,
  type PartitionKeyOf,
  type SharesTransaction,
} from "./inbound/inbound-log.js";
import { DEFAULT_LEASE_MS } from "./jobs/lease.js";
import { startPeriodic } from "./jobs/periodic.js";
import type { AsLeader } from "./kernel/leadership.js";
import type { Logger } from "./kernel/logger.js";
import { type PaceLimits, parsePaceSetting } from "./kernel/pace.js";
import type { ReplyWindows } from "./kernel/reply-window.js";
import type { AppDeps, AppModule, ModuleDeps } from "./modules.js";
import { defaultPolicyFile } from "./policy/load-policy.js";
import { createPolicySource, derivedFrom, type PolicySource } from "./policy/policy-source.js";
import { createHealthRegistry } from "./server/health.js";
import { createMetrics } from "./server/metrics.js";
import { buildServer } from "./server/server.js";
import { createPolicySchedule, createTicketService, type TicketService } from "./tickets/index.js";
import { fileLink } from "./web/file-links.js";
import { createWebModule, publicBase } from "./web/index.js";
import { ticketLink } from "./web/ticket-links.js";

export type { AppDeps, AppModule, ModuleDeps } from "./modules.js";

/** Everything the running product is made of, wired; main.ts and the integration tests both build it here. */
export interface App {
  server: FastifyInstance;
  inbound: InboundLog;
  delivery: DeliveryWorker;
  tickets: TicketService;
  /** The running policy (replaced by a reload). */
  policy: PolicySource;
  /** FAQ, canned replies, help texts and notices, as edited in the console. */
  content: ContentService;
  /** Reads POLICY_FILE again (SIGHUP, the console); a bad file is refused and the running policy stays. */
  reloadPolicy(by: string): Promise<ReloadResult>;
  /** Starts the background workers and what each channel needs at start (webhook registration, polling). */
  start(): Promise<void>;
  /** Stops accepting requests, lets the workers finish their round, closes the database. */
  stop(): Promise<void>;
}

/** Options of single modules, as their libraries take them (grammY's preset bot info, for one). */
export interface AppOptions {
  telegram?: TelegramOptions;
  email?: EmailOptions;
  zaloBot?: ZaloBotOptions;
}

export async function createApp(deps: AppDeps, options: AppOptions = {}): Promise<App> {
  const { db, clock, logger } = deps;
  // Read through one holder: a reload changes the policy for new work without a restart.
  const policySource = createPolicySource(deps.policy);
  // Several instances on one PostgreSQL must sign ticket and file links alike: without APP_SECRET they
  // share the one the first instance generated. (The embedded database's one process keeps it in DATA_DIR.)
  const env =
    deps.env.APP_SECRET || db.kind !== "postgres"
      ? deps.env
      : { ...deps.env, APP_SECRET: await sharedSetting(db, "app_secret", generatedSecret()) };
  const handlers: Record<string, InboundHandler> = {};
  const partitionKeys: Record<string, PartitionKeyOf> = {};
  const shareTransaction: Record<string, SharesTransaction> = {};
  // How soon work held by a process that died is taken over by another (renewed while work goes on).
  const leaseMs = env.WORK_LEASE_SECONDS ? env.WORK_LEASE_SECONDS * 1000 : DEFAULT_LEASE_MS;
  const senders: Record<string, Sender> = {};
  const paceLimits: PaceLimits = {};
  // Declared by the channel modules built below; the tickets module reads them at each message.
  const replyWindows: ReplyWindows = {};
  const paceSetting = env.OUTBOUND_PACE ? parsePaceSetting(env.OUTBOUND_PACE) : {};

  const inbound = createInboundLog({
    db,
    handlers,
    partitionKeys,
    shareTransaction,
    eventsPerTransaction: EVENTS_PER_TRANSACTION,
    clock,
    logger: logger.child({ module: "inbound" }),
    concurrency: env.INBOUND_CONCURRENCY ?? defaultInboundConcurrency(db),
    leaseMs,
  });
  // The worker and the ticket service refer to each other: the worker kicks after a commit, a failure goes on the timeline.
  const delivery = createDeliveryWorker({
    db,
    senders,
    clock,
    logger: logger.child({ module: "delivery" }),
    leaseMs,
    onPermanentFailure: (failure) => tickets.recordDeliveryFailure(failure),
    ...(paceSetting === "off" ? {} : { pace: createPace(createPaceStore(db), paceLimits) }),
  });
  const schedule = derivedFrom(policySource, createPolicySchedule);
  const tickets = createTicketService({
    db,
    get policy() {
      return policySource.current();
    },
    clock,
    // Deadlines already set stay on their tickets; new ones follow the current policy's calendars and SLA.
    get schedule() {
      return schedule();
    },
    staffChannels: env.SLACK_BOT_TOKEN ? ["slack"] : [],
    replyWindows,
    emailChannel: env.EMAIL_IMAP_URL !== undefined,
    dataDir: env.DATA_DIR,
    afterCommit: ({ ticketIds }) => {
      delivery.kick();
      // Open consoles update at once; a lost signal only delays them to their next reconnect or action.
      publishTicketChanges(db.signals, ticketIds).catch((error) => logger.warn({ err: error }, "ticket change signal failed"));
    },
  });
  await tickets.syncStaffFromPolicy();
  const content = createContentService({ db, policy: policySource, clock, logger: logger.child({ module: "content" }) });
  await content.start();
  const reloader = createPolicyReloader({
    file: deps.policyFile ?? defaultPolicyFile,
    source: policySource,
    signals: db.signals,
    logger: logger.child({ module: "policy" }),
    record: ({ by, file }) => content.recordChange({ kind: "policy", itemId: file, action: "reloaded", changedBy: by }),
  });
  reloader.start();
  // Every instance: staff named in the new policy, and content tables emptied since get the file's entries.
  policySource.onChange(() => {
    const after = async () => {
      await tickets.syncStaffFromPolicy();
      await content.start();
    };
    after().catch((error: unknown) => logger.error({ err: error }, "staff or content update after a policy reload failed"));
  });
  const health = createHealthRegistry(clock);
  const counters = createCounters(db, clock);

  const moduleDeps: ModuleDeps = {
    ...deps,
    env,
    get policy() {
      return policySource.current();
    },
    policySource,
    content,
    reloadPolicy: (by) => reloader.reload(by),
    tickets,
    inbound,
    delivery,
    ticketLink: (ticket) => ticketLink(env, ticket),
    fileLink: (file) => fileLink(env, file, clock.now()),
    privacyLink: (language) => `${publicBase(env)}/privacy?lang=${language}`,
    asLeader: createLeadership(db, logger.child({ module: "leader" })),
    health,
    counters,
  };
  const asLeader = moduleDeps.asLeader;
  const modules: AppModule[] = [];
  // Telegram and Slack are on when their token is set; the console, ticket page and web chat always.
  // Platform SDKs are loaded only when their channel is on: Bolt alone costs about a second at start.
  if (env.TELEGRAM_BOT_TOKEN) {
    modules.push((await import("./channels/telegram/index.js")).createTelegramModule(moduleDeps, options.telegram));
  }
  const zalo = env.ZALO_APP_ID ? (await import("./channels/zalo/index.js")).createZaloModule(moduleDeps) : undefined;
  if (zalo) modules.push(zalo);
  if (env.ZALO_BOT_TOKEN) modules.push((await import("./channels/zalo-bot/index.js")).createZaloBotModule(moduleDeps, options.zaloBot));
  if (env.SLACK_BOT_TOKEN) modules.push(await (await import("./slack/index.js")).createSlackModule(moduleDeps));
  if (env.EMAIL_IMAP_URL) modules.push((await import("./channels/email/index.js")).createEmailModule(moduleDeps, options.email));
  // A second argument, not a spread: moduleDeps reads the running policy through a getter.
  modules.push(await createWebModule(moduleDeps, zalo ? { zaloConnection: zalo.connection } : {}));
  modules.push(createWebchatModule(moduleDeps));

  const metrics = createMetrics({
    inboundPending: inbound.pendingCount,
    outboxPending: delivery.pendingCount,
    outboxPossibleDuplicates: delivery.possibleDuplicates,
    componentsDown: () => Object.entries(health.components()).flatMap(([name, state]) => (state.status === "down" ? [name] : [])),
    inboundFailures: inbound.failures,
  });
  const server = await buildServer({
    db,
    logger,
    metrics,
    health,
    counters,
    trustProxy: env.TRUST_PROXY,
    metricsToken: env.METRICS_TOKEN,
    https: env.PUBLIC_URL?.startsWith("https://") ?? false,
  });
  for (const module of modules) {
    Object.assign(handlers, module.handlers);
    Object.assign(partitionKeys, module.partitionKeys);
    Object.assign(shareTransaction, module.shareTransaction);
    Object.assign(senders, module.senders);
    Object.assign(paceLimits, module.pace);
    Object.assign(replyWindows, module.replyWindows);
    module.routes?.(server);
  }
  // OUTBOUND_PACE replaces the modules' own limits channel by channel.
  if (paceSetting !== "off" && !("error" in paceSetting)) Object.assign(paceLimits, paceSetting);

  let deadlineWatch: { stop(): Promise<void> } | undefined;
  let contentWatch: { stop(): Promise<void> } | undefined;
  const stopRetention = new AbortController();
  let retention: Promise<void> | undefined;
  return {
    server,
    inbound,
    delivery,
    tickets,
    policy: policySource,
    content,
    reloadPolicy: (by) => reloader.reload(by),
    async start() {
      inbound.start();
      delivery.start();
      // R2.4: warnings and escalation; safe with several instances (rows are locked with SKIP LOCKED).
      deadlineWatch = startPeriodic("deadlines", 30_000, tickets.watchDeadlines, logger.child({ module: "jobs" }));
      // Decree 13/2023: closed tickets past the retention period are anonymised, copies of a
      // customer's data past privacy.exportDays, received files no message carries and inbound
      // events handled a month ago removed, hourly, by one instance.
      retention = runRetention(asLeader, stopRetention.signal, { tickets, db, inbound }, logger.child({ module: "jobs" }));
      // Content edited on another instance arrives by signal; this catches up one missed meanwhile.
      contentWatch = startPeriodic("content", CONTENT_RECHECK_MS, content.refreshIfChanged, logger.child({ module: "jobs" }), false);
      for (const module of modules) await module.start?.();
    },
    async stop() {
      await server.close();
      await deadlineWatch?.stop();
      await contentWatch?.stop();
      stopRetention.abort();
      await retention;
      reloader.stop();
      content.stop();
      for (const module of modules) await module.stop?.();
      await inbound.stop();
      await delivery.stop();
      await db.close();
    },
  };
}

const RETENTION_EVERY_MS = 60 * 60 * 1000;
const CONTENT_RECHECK_MS = 30_000;

/** The retention job (tickets, exported copies, unattached files, old inbound events) while this instance leads: every hour, until stopped. */
async function runRetention(
  asLeader: AsLeader,
  signal: AbortSignal,
  { tickets, db, inbound }: { tickets: TicketService; db: Database; inbound: InboundLog },
  logger: Logger,
): Promise<void> {
  await asLeader("retention", signal, async () => {
    const job = startPeriodic(
      "retention",
      RETENTION_EVERY_MS,
      async () => {
        const done = await tickets.anonymiseExpiredTickets();
        if (done.tickets > 0) logger.info(done, "tickets anonymised under the retention policy");
        const removed = await tickets.removeExpiredExports();
        if (removed.exports > 0) logger.info(removed, "copies of personal data removed after privacy.exportDays");
        const held = async (keys: string[]) => {
          const [drafts, unhandled] = await Promise.all([filesInDrafts(db, keys), inbound.filesInUnhandled(keys)]);
          return new Set([...drafts, ...unhandled]);
        };
        const unattached = await tickets.removeUnattachedFiles(held);
        if (unattached.files > 0) logger.info(unattached, "received files that no message carries removed");
        const events = await inbound.removeFinished();
        if (events > 0) logger.info({ events }, "inbound events handled more than 30 days ago removed");
      },
      logger,
    );
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener("abort", () => resolve(), { once: true });
    });
    await job.stop();
  });
}

/**
 * Customers' messages of different chats committed together by one lane, at most. On PGlite too: its
 * one session then spends less on BEGIN/COMMIT and its lane's turns (measured: 35–45 % more answered
 * updates per second, a webhook waiting up to one shared transaction longer for its record).
 */
const EVENTS_PER_TRANSACTION = 4;

/**
 * PGlite has one session: one lane (a second only waits for the connection and delays webhooks'
 * records, measured). On PostgreSQL, half the pool,
 * so that webhooks recording events always find a connection while events are processed.
 */
function defaultInboundConcurrency(db: Database): number {
  return db.kind === "pglite" ? 1 : Math.max(1, Math.floor(db.poolSize / 2));
}

export function dataDirOf(env: Env): string {
  return embeddedDatabaseDir(env.DATA_DIR);
}
