import { setTimeout as sleep } from "node:timers/promises";
import { ImapFlow, type ImapFlowOptions } from "imapflow";
import type { InboundLog } from "../../inbound/inbound-log.js";
import { type BackoffPolicy, backoffMs } from "../../kernel/backoff.js";
import type { AsLeader } from "../../kernel/leadership.js";
import type { Logger } from "../../kernel/logger.js";
import type { ComponentHealth } from "../../server/health.js";
import type { EmailPayload, MailLocation } from "./mail-payload.js";

export interface MailboxReader {
  start(): void;
  /** Ends the connection and any wait at once; resolves when the loop is done. */
  stop(): Promise<void>;
}

export interface MailboxDeps {
  imap: Pick<ImapFlowOptions, "host" | "port" | "secure" | "auth">;
  /** The folder read ("INBOX"). */
  folder: string;
  /** Where a stored mail is moved; unset, it is flagged \Seen where it is. */
  doneFolder?: string;
  /** Checked this often even when IDLE says nothing (and on servers without IDLE). */
  pollMs: number;
  inbound: InboundLog;
  logger: Logger;
  health: ComponentHealth;
  /** Only one instance reads the mailbox: the others stand by. */
  asLeader?: AsLeader;
  read(source: Buffer, location: MailLocation): Promise<EmailPayload>;
  /** Removes the stored files of a mail that was recorded before. */
  discard(payload: EmailPayload): Promise<void>;
}

/** Lost connections and refusals: 1 s, doubling, at most a minute between attempts (with jitter). */
const RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 60_000 };

const AUTH_REFUSED =
  "The IMAP server refused the mailbox's user name or password (EMAIL_IMAP_URL). New mail is not read until it is fixed; " +
  "hotro keeps trying every minute. For Gmail and Microsoft 365 use an app password (README, Connecting a mailbox).";

/**
 * Reads the support mailbox over IMAP (imapflow): every mail not yet taken is recorded in the inbound
 * log (keyed by the folder, UIDVALIDITY and UID) and only then flagged \Seen or moved, so a crash or a
 * lost connection between the two makes it read again and recorded once. New mail is heard through
 * IDLE (imapflow starts it when the connection is idle, and polls servers without it), with a check
 * every `pollMs` as well; a lost connection is reopened with backoff.
 */
export function createMailboxReader(deps: MailboxDeps): MailboxReader {
  const { logger } = deps;
  const controller = new AbortController();
  const { signal } = controller;
  let running: Promise<void> | undefined;

  async function loop() {
    let failures = 0;
    while (!signal.aborted) {
      const client = new ImapFlow({ ...deps.imap, logger: false, connectionTimeout: 30_000, greetingTimeout: 15_000, autoIdleDelay: 200 });
      // Emitted at most once per connection, which then closes: the wait below ends and we reconnect.
      client.on("error", (error: Error) => logger.warn({ err: safeError(error) }, "the IMAP connection failed"));
      try {
        await client.connect();
        await client.mailboxOpen(deps.folder);
        if (failures > 0) logger.info({ folder: deps.folder }, "the mailbox is reachable again");
        failures = 0;
        deps.health.ok();
        await watch(client);
      } catch (error) {
        if (signal.aborted) break;
        failures++;
        const retryInMs = backoffMs(failures, RECONNECT_BACKOFF, Math.random);
        if ((error as { authenticationFailed?: boolean }).authenticationFailed) {
          logger.error({ err: safeError(error) }, AUTH_REFUSED);
          deps.health.down(AUTH_REFUSED);
        } else {
          logger.warn({ err: safeError(error), retryInMs }, "the mailbox cannot be read: trying again");
        }
        await sleep(retryInMs, undefined, { signal }).catch(() => undefined);
      } finally {
        if (client.usable) await client.logout().catch(() => client.close());
        else client.close();
      }
    }
  }

  /** Drains the folder, then waits for new mail (IDLE's EXISTS), the poll timer, a lost connection or stop. */
  async function watch(client: ImapFlow) {
    let pending = true;
    let wake = () => {};
    const onNews = () => {
      pending = true;
      wake();
    };
    client.on("exists", onNews);
    client.on("close", onNews);
    try {
      while (!signal.aborted) {
        if (!client.usable) throw new Error("the IMAP server closed the connection");
        if (pending) {
          pending = false;
          await drain(client);
          continue;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(onNews, deps.pollMs);
          const done = () => {
            clearTimeout(timer);
            signal.removeEventListener("abort", done);
            resolve();
          };
          wake = done;
          signal.addEventListener("abort", done, { once: true });
        });
      }
    } finally {
      client.off("exists", onNews);
      client.off("close", onNews);
    }
  }

  async function drain(client: ImapFlow) {
    const lock = await client.getMailboxLock(deps.folder);
    try {
      const uidValidity = String(client.mailbox ? client.mailbox.uidValidity : "");
      // Moved mail leaves the folder: everything there is new. Flagged mail stays: only unseen is new.
      const uids = (await client.search(deps.doneFolder ? { all: true } : { seen: false }, { uid: true })) || [];
      for (const uid of [...uids].sort((a, b) => a - b)) {
        if (signal.aborted) return;
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (message === false || !message.source) continue;
        const payload = await deps.read(message.source, { folder: deps.folder, uidValidity, uid });
        const recorded = await deps.inbound.record("email", `${deps.folder}:${uidValidity}:${uid}`, payload);
        if (recorded === "duplicate") await deps.discard(payload);
        if (deps.doneFolder) await client.messageMove(String(uid), deps.doneFolder, { uid: true });
        else await client.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
      }
    } finally {
      lock.release();
    }
  }

  return {
    start() {
      running ??= deps.asLeader ? deps.asLeader("email-mailbox", signal, loop) : loop();
    },
    async stop() {
      controller.abort();
      await running;
    },
  };
}

/** An IMAP error without what could carry the password (imapflow errors keep the server's response text only). */
function safeError(error: unknown): { message: string; code?: unknown } {
  const e = error as { message?: unknown; code?: unknown; responseText?: unknown };
  return { message: String(e.responseText ?? e.message ?? error), ...(e.code !== undefined ? { code: e.code } : {}) };
}
