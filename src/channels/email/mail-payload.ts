import { type AddressObject, type HeaderValue, simpleParser } from "mailparser";
import { z } from "zod";
import { RECEIVED_FILES } from "../../kernel/stored-file.js";
import { discardReceivedFiles, keepReceivedFile } from "../../server/received-files.js";
import type { Attachment } from "../../tickets/index.js";
import type { MailHeaders } from "./mail-rules.js";

/** The headers the rules read (loops, lists, bounces); the rest of a mail's headers is not kept. */
const KEPT_HEADERS = [
  "auto-submitted",
  "precedence",
  "x-autoreply",
  "x-autorespond",
  "return-path",
  "list-id",
  "list-unsubscribe",
  "content-type",
] as const;

const attachmentSchema = z.object({ name: z.string(), mimeType: z.string(), size: z.number(), key: z.string() });

/** One mail as the inbound log keeps it: parsed, its files already stored (never the raw mail). */
export const emailPayloadSchema = z.object({
  mailbox: z.object({ folder: z.string(), uidValidity: z.string(), uid: z.number().int() }),
  /** The Message-ID, or one made of the mailbox position for a mail without one. */
  messageId: z.string().min(1),
  inReplyTo: z.array(z.string()),
  references: z.array(z.string()),
  from: z.object({ address: z.string(), name: z.string().optional() }),
  subject: z.string(),
  text: z.string(),
  headers: z.record(z.string(), z.string()),
  attachments: z.array(attachmentSchema),
  rejectedFiles: z.array(z.object({ name: z.string(), reason: z.literal("too_large"), maxMb: z.number() })),
});
export type EmailPayload = z.infer<typeof emailPayloadSchema>;

export interface MailLocation {
  folder: string;
  uidValidity: string;
  uid: number;
}

/**
 * Parses a raw mail (RFC 2047 subjects, quoted-printable and base64 bodies, any charset: mailparser)
 * and keeps its files under DATA_DIR/files/email/<uuid>; a file over the cap is left out and named
 * in `rejectedFiles`, so the customer is told.
 */
export async function readMail(
  source: Buffer,
  location: MailLocation,
  storage: { dataDir: string; maxBytes: number },
): Promise<EmailPayload> {
  const mail = await simpleParser(source, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  const from = firstAddress(mail.from);
  const attachments: Attachment[] = [];
  const rejectedFiles: EmailPayload["rejectedFiles"] = [];
  for (const [i, file] of mail.attachments.entries()) {
    const name = file.filename ?? `attachment-${i + 1}`;
    if (file.size > storage.maxBytes) {
      rejectedFiles.push({ name, reason: "too_large", maxMb: Math.floor(storage.maxBytes / (1024 * 1024)) });
      continue;
    }
    const key = await keepReceivedFile(storage.dataDir, RECEIVED_FILES.email, file.content);
    attachments.push({ name, mimeType: file.contentType || "application/octet-stream", size: file.size, key });
  }
  return {
    mailbox: location,
    messageId: mail.messageId?.trim() || `<${location.uidValidity}.${location.uid}@${location.folder}.mailbox>`,
    inReplyTo: messageIds(mail.inReplyTo),
    references: messageIds(mail.references),
    from: { address: (from?.address ?? "").trim().toLowerCase(), ...(from?.name ? { name: from.name } : {}) },
    subject: mail.subject ?? "",
    text: (mail.text ?? "").trim(),
    headers: keptHeaders(mail.headers, mail.headerLines),
    attachments,
    rejectedFiles,
  };
}

/** A duplicate's files: recorded once already, so this copy's are removed. */
export async function discardFiles(dataDir: string, attachments: Attachment[]): Promise<void> {
  await discardReceivedFiles(
    dataDir,
    attachments.map((file) => file.key),
  );
}

function firstAddress(value: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value).find((a) => a.address);
}

const messageIds = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.match(/<[^<>\s]+>/g) ?? []);

/**
 * mailparser folds the List-* headers into one structured "list" entry, so those are read from the
 * raw header lines (the text after the colon), the others from the parsed values.
 */
function keptHeaders(headers: Map<string, HeaderValue>, lines: readonly { key: string; line: string }[]): MailHeaders {
  const kept: MailHeaders = {};
  for (const name of KEPT_HEADERS) {
    const raw = name.startsWith("list-") ? lines.find((l) => l.key === name)?.line : undefined;
    if (raw !== undefined) {
      kept[name] = raw.slice(raw.indexOf(":") + 1).trim();
      continue;
    }
    const value = headers.get(name);
    if (value === undefined) continue;
    kept[name] = headerText(value);
  }
  return kept;
}

function headerText(value: HeaderValue): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v) => headerText(v as HeaderValue)).join(", ");
  if (value instanceof Date) return value.toISOString();
  if ("text" in value && typeof value.text === "string") return value.text;
  if ("value" in value && typeof value.value === "string") {
    const params = Object.entries((value as { params?: Record<string, string> }).params ?? {}).map(([k, v]) => `; ${k}=${v}`);
    return `${value.value}${params.join("")}`;
  }
  return "";
}
