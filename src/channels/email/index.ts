import { createTransport } from "nodemailer";
import { loadAppSecret } from "../../config/app-secret.js";
import { createTranslator } from "../../i18n/i18n.js";
import { MAX_CUSTOMER_FILE_BYTES } from "../../kernel/stored-file.js";
import type { AppModule, ModuleDeps } from "../../modules.js";
import { EMAIL_CHANNEL } from "../../tickets/index.js";
import { createEmailHandler } from "./inbound-handler.js";
import { discardFiles, readMail } from "./mail-payload.js";
import { createMailboxReader } from "./mailbox.js";
import { createEmailSender } from "./sender.js";
import { emailSettings } from "./settings.js";
import { createEmailStore } from "./store.js";

/** What the email channel is built from (a subset of the app's ModuleDeps). */
export type EmailModuleDeps = Pick<
  ModuleDeps,
  "env" | "policy" | "content" | "db" | "clock" | "logger" | "tickets" | "inbound" | "delivery" | "health" | "asLeader"
> &
  Partial<Pick<ModuleDeps, "ticketLink">>;

export interface EmailOptions {
  /** Largest customer file kept (the other channels' cap by default). */
  maxFileBytes?: number;
  /** Signs the ticket tokens of subjects; defaults to the app secret. */
  secret?: string;
}

export type EmailModule = Required<Pick<AppModule, "handlers" | "partitionKeys" | "senders" | "start" | "stop">>;

const SMTP_AUTH_REFUSED =
  "The SMTP server refused the login of EMAIL_SMTP_URL: mail to customers waits until it is fixed (it is kept and sent then). " +
  "For Gmail and Microsoft 365 use an app password (README, Connecting a mailbox).";

/**
 * The email channel: the support mailbox read over IMAP (one instance at a time), each mail recorded
 * in the inbound log and handled into a ticket; answers to customers sent by SMTP from the outbox.
 */
export function createEmailModule(deps: EmailModuleDeps, options: EmailOptions = {}): EmailModule {
  const settings = emailSettings(deps.env);
  const logger = deps.logger.child({ module: "email" });
  const store = createEmailStore(deps.db);
  const secret = options.secret ?? loadAppSecret(deps.env);
  const dataDir = deps.env.DATA_DIR;
  const maxBytes = options.maxFileBytes ?? MAX_CUSTOMER_FILE_BYTES;
  const smtpHealth = deps.health.component("email-smtp");
  const link = deps.ticketLink ? { ticketLink: deps.ticketLink } : {};
  const transport = createTransport({ url: settings.smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  const reader = createMailboxReader({
    imap: settings.imap,
    folder: settings.folder,
    ...(settings.doneFolder ? { doneFolder: settings.doneFolder } : {}),
    pollMs: settings.pollMs,
    inbound: deps.inbound,
    logger,
    health: deps.health.component("email"),
    asLeader: deps.asLeader,
    read: (source, location) => readMail(source, location, { dataDir, maxBytes }),
    discard: (payload) => discardFiles(dataDir, payload.attachments),
  });
  const sender = createEmailSender({
    transport,
    from: settings.from,
    store,
    tickets: deps.tickets,
    translator: createTranslator(),
    // Read at each use: a policy reload applies to the next mail.
    get policy() {
      return deps.policy;
    },
    clock: deps.clock,
    logger,
    secret,
    dataDir,
    ...link,
    onAuthFailure: () => {
      logger.error(SMTP_AUTH_REFUSED);
      smtpHealth.down(SMTP_AUTH_REFUSED);
    },
  });

  return {
    handlers: {
      [EMAIL_CHANNEL]: createEmailHandler({
        tickets: deps.tickets,
        store,
        get policy() {
          return deps.policy;
        },
        noticesFor: (categoryId) => deps.content.noticesFor(categoryId),
        clock: deps.clock,
        logger,
        delivery: deps.delivery,
        secret,
        dataDir,
        ...link,
      }),
    },
    // One sender's mails are handled in order; different senders in parallel.
    partitionKeys: { [EMAIL_CHANNEL]: (payload) => (payload as { from?: { address?: string } }).from?.address || undefined },
    senders: {
      [EMAIL_CHANNEL]: {
        async send(row) {
          const result = await sender.send(row);
          smtpHealth.ok();
          return result;
        },
      },
    },
    async start() {
      reader.start();
      logger.info({ mailbox: settings.describe, doneFolder: settings.doneFolder ?? null }, "email channel started");
    },
    async stop() {
      await reader.stop();
      transport.close();
    },
  };
}
