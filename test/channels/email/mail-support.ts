import { createTransport } from "nodemailer";
import { afterAll, beforeAll } from "vitest";
import { type Dovecot, startDovecot } from "../../standins/dovecot.js";
import { type SmtpStandin, startSmtpStandin } from "../../standins/smtp-standin.js";

export const SUPPORT = "hotro@congty.vn";

export interface MailSpec {
  from: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  attachments?: { filename: string; content: Buffer; contentType?: string }[];
}

/** A mail as a customer's client composes it (nodemailer): RFC 2047 subject, quoted-printable UTF-8 body. */
export async function composeRaw(spec: MailSpec): Promise<string> {
  const client = createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  const info = await client.sendMail({
    from: spec.from,
    to: SUPPORT,
    subject: spec.subject,
    text: spec.text,
    textEncoding: "quoted-printable",
    messageId: spec.messageId,
    ...(spec.inReplyTo ? { inReplyTo: spec.inReplyTo } : {}),
    ...(spec.references ? { references: spec.references } : {}),
    ...(spec.headers ? { headers: spec.headers } : {}),
    ...(spec.attachments ? { attachments: spec.attachments } : {}),
  });
  return (info.message as Buffer).toString("utf8");
}

/** Waits for a condition the app reaches in the background (mail read over IMAP, sent over SMTP). */
export async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The support mailbox's stand-ins (Dovecot over IMAP, an SMTP server) for the tests of the
 * describe block that calls this, started once before them and closed after; `env()` points hotro at them.
 */
export function mailStandins() {
  let dovecot: Dovecot | undefined;
  let smtp: SmtpStandin | undefined;
  beforeAll(async () => {
    [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpStandin()]);
  });
  afterAll(async () => {
    await Promise.all([dovecot?.close(), smtp?.close()]);
  });
  const started = <T>(standin: T | undefined): T => {
    if (!standin) throw new Error("the mail stand-ins start in beforeAll");
    return standin;
  };
  return {
    get dovecot() {
      return started(dovecot);
    },
    get smtp() {
      return started(smtp);
    },
    env: () => ({
      EMAIL_IMAP_URL: started(dovecot).imapUrl,
      EMAIL_SMTP_URL: started(smtp).url,
      EMAIL_FROM: SUPPORT,
      EMAIL_POLL_SECONDS: "5",
    }),
  };
}
