import { createTransport } from "nodemailer";

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
