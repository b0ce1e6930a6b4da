import type { Env } from "../../config/env.js";

/** The mailbox and the SMTP server, from EMAIL_IMAP_URL and EMAIL_SMTP_URL. */
export interface EmailSettings {
  imap: { host: string; port: number; secure: boolean; auth: { user: string; pass: string } };
  /** The folder read: the IMAP URL's path ("INBOX" when it has none). */
  folder: string;
  doneFolder: string | undefined;
  pollMs: number;
  smtpUrl: string;
  from: string;
  /** Where the mailbox is, for log lines: never the password. */
  describe: string;
}

const DEFAULT_POLL_SECONDS = 60;

export function emailSettings(env: Env): EmailSettings {
  const { EMAIL_IMAP_URL, EMAIL_SMTP_URL, EMAIL_FROM } = env;
  if (!EMAIL_IMAP_URL || !EMAIL_SMTP_URL || !EMAIL_FROM)
    throw new Error("the email channel needs EMAIL_IMAP_URL, EMAIL_SMTP_URL and EMAIL_FROM");
  const url = new URL(EMAIL_IMAP_URL);
  const secure = url.protocol === "imaps:";
  const folder = decodeURIComponent(url.pathname.replace(/^\/+/, "")) || "INBOX";
  const user = decodeURIComponent(url.username);
  return {
    imap: {
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 993 : 143,
      secure,
      auth: { user, pass: decodeURIComponent(url.password) },
    },
    folder,
    doneFolder: env.EMAIL_DONE_FOLDER,
    pollMs: (env.EMAIL_POLL_SECONDS ?? DEFAULT_POLL_SECONDS) * 1000,
    smtpUrl: EMAIL_SMTP_URL,
    from: EMAIL_FROM,
    describe: `${url.protocol}//${user ? `${user}@` : ""}${url.host}/${folder}`,
  };
}
