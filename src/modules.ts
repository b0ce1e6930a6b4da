import type { FastifyInstance } from "fastify";
import type { Env } from "./config/env.js";
import type { ContentService, ReloadResult } from "./content/index.js";
import type { Database } from "./db/database.js";
import type { DeliveryWorker } from "./delivery/delivery-worker.js";
import type { Sender } from "./delivery/outbox.js";
import type { InboundHandler, InboundLog, PartitionKeyOf, SharesTransaction } from "./inbound/inbound-log.js";
import type { Clock } from "./kernel/clock.js";
import type { Counters } from "./kernel/counters.js";
import type { Language } from "./kernel/language.js";
import type { AsLeader } from "./kernel/leadership.js";
import type { Logger } from "./kernel/logger.js";
import type { PaceLimits } from "./kernel/pace.js";
import type { ReplyWindows } from "./kernel/reply-window.js";
import type { StoredFile } from "./kernel/stored-file.js";
import type { Policy } from "./policy/policy.schema.js";
import type { PolicySource } from "./policy/policy-source.js";
import type { HealthRegistry } from "./server/health.js";
import type { TicketService } from "./tickets/index.js";

/** What the composition root hands to createApp. */
export interface AppDeps {
  env: Env;
  /** The policy at start; modules read the running one (after reloads) from ModuleDeps. */
  policy: Policy;
  /** The file a reload reads (POLICY_FILE); the bundled policy when absent. */
  policyFile?: string;
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Outbound HTTP for platform clients (tests may pass their own). */
  fetch?: typeof fetch;
  /**
   * Shows the operator something to act on at start (the first administrator's one-time link), once,
   * outside the structured log. Without it the text goes to the log as a warning.
   */
  announce?(text: string): void;
}

/**
 * What a channel or staff module adds to the app: inbound handlers by source, senders by outbox
 * channel, HTTP routes, and work to do at start and stop.
 */
export interface AppModule {
  handlers?: Record<string, InboundHandler>;
  /** By source: the conversation an inbound event belongs to (its events are handled in order). */
  partitionKeys?: Record<string, PartitionKeyOf>;
  /**
   * By source: events whose handling does no network work before its transaction (no file to fetch),
   * which may share one transaction with other conversations' events (one commit for several).
   */
  shareTransaction?: Record<string, SharesTransaction>;
  senders?: Record<string, Sender>;
  /** By outbox channel: how fast the platform takes messages (the documented limits). */
  pace?: PaceLimits;
  /**
   * By outbox channel: the platform's reply window after the customer's last interaction (free, then
   * paid, then refused). The tickets module asks staff to confirm a paid reply and sends past the
   * window by another way.
   */
  replyWindows?: ReplyWindows;
  routes?(server: FastifyInstance): void;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** Where the Zalo OA's token pair stands, as the console shows it. */
export interface ZaloConnectionStatus {
  connected: boolean;
  oaId?: string;
  /** When a consent (or zalo:connect) last gave the pair. */
  connectedAt?: Date;
  accessExpiresAt?: Date;
  /** Zalo refused the refresh token: the OA must be connected again. */
  refused?: { at: Date; reason: string };
}

export type ZaloConsentOutcome =
  | { ok: true; staffId: string; language: Language }
  | { ok: false; reason: "unknown_state" | "expired" | "other_browser" | "refused"; language?: Language; detail?: string };

/**
 * The Zalo OA's OAuth v4 consent with PKCE, driven from the console: the Zalo module keeps the
 * verifier and the tokens, the console checks who may connect and talks to the browser.
 */
export interface ZaloConnection {
  status(): Promise<ZaloConnectionStatus>;
  /** A new consent: the permission URL to send the admin's browser to; the code_verifier stays on the server. */
  begin(input: { staffId: string; language: Language; browserKey: string; redirectUri: string }): Promise<{ url: string }>;
  /** Zalo's callback: the code exchanged with the verifier kept for this state; on any mismatch nothing is stored. */
  complete(input: { state: string; code?: string; oaId?: string; browserKey: string }): Promise<ZaloConsentOutcome>;
}

/** What a module is built from. */
export interface ModuleDeps extends AppDeps {
  /** The running policy: `policy` here reads it at each use; keep no copy of it past a request. */
  policySource: PolicySource;
  /** FAQ, canned replies, help texts and notices edited live. */
  content: ContentService;
  /** POLICY_FILE read again on every instance (an admin's console button; SIGHUP in main.ts). */
  reloadPolicy(by: string): Promise<ReloadResult>;
  tickets: TicketService;
  inbound: InboundLog;
  delivery: DeliveryWorker;
  /** Work one instance at a time may do (the others stand by and take over when it stops). */
  asLeader: AsLeader;
  /** The customer's page for a ticket, where every written reply stays readable (R3.3). */
  ticketLink(ticket: { number: number; accessToken: string }): string;
  /** The full personal-data notice (/privacy) in a language: the first contact's short notice links there. */
  privacyLink(language: Language): string;
  /** A signed link, served by us, to a customer's stored file: platform file URLs never leave the server. */
  fileLink(file: StoredFile): string;
  /** Where a module reports that it stopped working (a revoked token): /healthz shows it as degraded. */
  health: HealthRegistry;
  /** Rate limits and throttles shared by every instance (kept in the database). */
  counters: Counters;
}
