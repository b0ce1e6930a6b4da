import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Tx } from "../../db/database.js";
import { afterCommit, inTransaction } from "../../db/transaction-scope.js";
import { enqueue } from "../../delivery/store.js";
import { asLanguage, type Language } from "../../kernel/language.js";
import type { OutboundAttachment, OutboundMessage } from "../../kernel/outbound.js";
import { ok, type Result, refuse } from "../../kernel/result.js";
import { storedFilePath } from "../../kernel/stored-file.js";
import { type CodeCheck, checkCode, hashCode, newCode } from "../domain/one-time-code.js";
import { ERASED_TEXT } from "../domain/retention.js";
import { staffActing } from "./acting.js";
import type { TicketContext } from "./context.js";
import { emailDestination } from "./email-copy.js";
import { notifyStaff, recordEvent } from "./notify.js";
import { clearCustomerContact, deleteStoredFiles, unverified, wipeTickets } from "./personal-data.js";
import { type CustomerExport, customerExport, exportAsText, exportFileKeys, exportFiles } from "./privacy-export.js";
import { staffScope } from "./reads/scope.js";
import { loadTicket } from "./ticket-reads.js";

/**
 * A customer's personal data under Decree 13/2023: their consent (who, when, which text), their
 * requests for a copy or a deletion, confirmed by a one-time code sent over the channel the request
 * came from or to the email on file, carried out and logged; and the verification of a contact
 * before staff change an account (the policy's verifiedCategories).
 */

export type ConsentDecision = "given" | "refused";
export type PrivacyKind = "export" | "erase" | "verify";

export async function recordConsent(
  ctx: TicketContext,
  input: { customerId: string; decision: ConsentDecision; channel: string },
): Promise<void> {
  await ctx.db.prisma.consentRecord.create({
    data: { ...input, version: ctx.policy.privacy.version, at: ctx.clock.now() },
  });
}

/** A customer's latest consent record as an answer to the current notice: none when it answered another version. */
export function consentOf(
  ctx: Pick<TicketContext, "policy">,
  latest: { decision: string; version: string } | null,
): ConsentDecision | null {
  if (!latest || latest.version !== ctx.policy.privacy.version) return null;
  return latest.decision === "given" ? "given" : "refused";
}

export interface CodeRequest {
  customerId: string;
  kind: PrivacyKind;
  /** The channel and chat the request came from: the code goes there unless `via` is "email". */
  channel: string;
  chatId?: string;
  ticketId?: string;
  via?: "channel" | "email";
  /** "customer:<id>" or "staff:<id>". */
  requestedBy: string;
  language: Language;
}

export type CodeRefusal = "no_email" | "no_chat" | "erased";

/**
 * Channels whose chat is nobody's proven identity: a web chat visitor id is made by anyone's
 * browser for free, so a code that goes back to it proves only that the visitor reads their own chat.
 */
const ANONYMOUS_CHANNELS = new Set(["webchat"]);

/** How a contact of a ticket's customer can be verified: its chat when that proves an identity, else the email on file. */
export const verificationRoute = (channel: string): "channel" | "email" => (ANONYMOUS_CHANNELS.has(channel) ? "email" : "channel");

/**
 * Opens a request and sends its code through the outbox (in the caller's transaction when one is
 * open). An earlier request of the customer still waiting for its code is dropped: one code at a time.
 */
export async function requestPrivacyCode(
  ctx: TicketContext,
  input: CodeRequest,
): Promise<Result<{ requestId: string; via: "channel" | "email"; expiresAt: Date }, CodeRefusal>> {
  return inTransaction(ctx.db.prisma, async (tx) => {
    const customer = await tx.customer.findUnique({ where: { id: input.customerId } });
    if (!customer || customer.erasedAt) return refuse("erased");
    const via = input.via ?? "channel";
    if (via === "email" && (!customer.email || !ctx.emailChannel)) return refuse("no_email");
    if (via === "channel" && !input.chatId) return refuse("no_chat");
    const now = ctx.clock.now();
    await tx.privacyRequest.updateMany({
      where: { customerId: input.customerId, state: "awaiting_code" },
      data: { state: "expired", completedAt: now },
    });
    const id = randomUUID();
    const code = newCode();
    // What a confirmed code proves: the address (a mail, or an email ticket's chat) or the chat it went to.
    const proves =
      via === "email" ? (customer.email ?? "") : input.channel === "email" ? (input.chatId ?? "") : `${input.channel}:${input.chatId}`;
    const expiresAt = new Date(now.getTime() + ctx.policy.privacy.code.ttlMinutes * 60_000);
    await tx.privacyRequest.create({
      data: {
        id,
        kind: input.kind,
        customerId: input.customerId,
        channel: via === "email" ? "email" : input.channel,
        chatId: input.chatId ?? null,
        // Kept for a verification only: what its confirmation proves.
        destination: input.kind === "verify" ? proves : null,
        ticketId: input.ticketId ?? null,
        codeHash: hashCode(id, code),
        codeExpiresAt: expiresAt,
        requestedBy: input.requestedBy,
        requestedAt: now,
      },
    });
    const message: OutboundMessage = {
      language: input.language,
      text: [{ key: `tickets:privacy.code.${input.kind}`, vars: { code, minutes: ctx.policy.privacy.code.ttlMinutes } }],
    };
    const destination = via === "email" ? emailDestination(customer.email ?? "") : `${input.channel}:${input.chatId}`;
    await enqueue(
      tx,
      {
        channel: via === "email" ? "email" : input.channel,
        destination,
        kind: "message",
        payload: { message },
        ...(input.ticketId ? { ticketId: input.ticketId } : {}),
      },
      now,
    );
    afterCommit(ctx.db.prisma, () => ctx.afterCommit({ ticketIds: [] }));
    return ok({ requestId: id, via, expiresAt });
  });
}

/**
 * From the ticket page: whoever holds the ticket's link asks for a copy or a deletion of its
 * customer's data; the code goes to the chat the ticket came from or to the email on file, so only
 * the customer can confirm it.
 */
export async function requestPrivacyCodeForTicket(
  ctx: TicketContext,
  input: { ticketId: string; kind: "export" | "erase"; via: "channel" | "email"; language: Language },
): Promise<Result<{ requestId: string; via: "channel" | "email"; expiresAt: Date }, CodeRefusal | "unknown_ticket">> {
  const ticket = await ctx.db.prisma.ticket.findUnique({
    where: { id: input.ticketId },
    select: { id: true, customerId: true, channel: true, chatId: true },
  });
  if (!ticket) return refuse("unknown_ticket");
  return requestPrivacyCode(ctx, {
    customerId: ticket.customerId,
    kind: input.kind,
    channel: ticket.channel,
    ...(ticket.chatId ? { chatId: ticket.chatId } : {}),
    ticketId: ticket.id,
    via: input.via,
    requestedBy: `customer:${ticket.customerId}`,
    language: input.language,
  });
}

/** Is a code expected from this customer (so six digits they type are taken as one)? */
export async function pendingPrivacyRequest(ctx: TicketContext, customerId: string): Promise<{ id: string; kind: PrivacyKind } | null> {
  const row = await ctx.db.prisma.privacyRequest.findFirst({
    where: { customerId, state: "awaiting_code" },
    orderBy: { requestedAt: "desc" },
    select: { id: true, kind: true },
  });
  return row ? { id: row.id, kind: row.kind as PrivacyKind } : null;
}

export type Confirmed =
  | { kind: "export"; files: OutboundAttachment[]; data: CustomerExport }
  | { kind: "erase"; tickets: number; messages: number; files: number }
  | { kind: "verify"; ticketId: string | null };

export type ConfirmRefusal = "no_request" | Exclude<CodeCheck, "ok">;

/** The customer typed a code: checked against their waiting request; right, the request is carried out and logged. */
export async function confirmPrivacyCode(
  ctx: TicketContext,
  input: { customerId: string; code: string },
): Promise<Result<Confirmed, ConfirmRefusal>> {
  const now = ctx.clock.now();
  const done = await inTransaction(
    ctx.db.prisma,
    async (tx): Promise<Result<{ confirmed: Confirmed; fileKeys: string[] }, ConfirmRefusal>> => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "PrivacyRequest" WHERE "customerId" = ${input.customerId} AND state = 'awaiting_code'
      ORDER BY "requestedAt" DESC LIMIT 1 FOR UPDATE`;
      const request = rows[0] ? await tx.privacyRequest.findUnique({ where: { id: rows[0].id } }) : null;
      if (!request) return refuse("no_request");
      const max = ctx.policy.privacy.code.maxAttempts;
      const check = checkCode(
        { requestId: request.id, codeHash: request.codeHash, expiresAt: request.codeExpiresAt, attempts: request.attempts },
        input.code,
        now,
        max,
      );
      if (check !== "ok") {
        const attempts = check === "wrong" ? request.attempts + 1 : request.attempts;
        const closes = check !== "wrong" || attempts >= max;
        await tx.privacyRequest.update({
          where: { id: request.id },
          data: { attempts, ...(closes ? { state: check === "expired" ? "expired" : "refused", completedAt: now, codeHash: null } : {}) },
        });
        return refuse(check === "wrong" && attempts >= max ? "locked" : check);
      }
      await tx.privacyRequest.update({ where: { id: request.id }, data: { confirmedAt: now, codeHash: null } });
      const carried = await carryOut(ctx, tx, request, now);
      await tx.privacyRequest.update({
        where: { id: request.id },
        data: { state: "done", completedAt: ctx.clock.now(), outcome: carried.outcome },
      });
      return ok({ confirmed: carried.confirmed, fileKeys: carried.fileKeys });
    },
  );
  if (!done.ok) return done;
  if (done.value.confirmed.kind === "erase") {
    const files = await deleteStoredFiles(ctx, done.value.fileKeys);
    return ok({ ...done.value.confirmed, files });
  }
  return ok(done.value.confirmed);
}

interface RequestRow {
  id: string;
  kind: string;
  customerId: string;
  channel: string;
  destination: string | null;
  ticketId: string | null;
}

async function carryOut(
  ctx: TicketContext,
  tx: Tx,
  request: RequestRow,
  now: Date,
): Promise<{ confirmed: Confirmed; fileKeys: string[]; outcome: Record<string, number | string> }> {
  if (request.kind === "export") {
    const data = await customerExport(tx, request.customerId, now);
    const files = await writeExport(ctx, request.id, data);
    return { confirmed: { kind: "export", files, data }, fileKeys: [], outcome: { tickets: data.tickets.length } };
  }
  if (request.kind === "erase") {
    const erased = await eraseCustomer(ctx, tx, request.customerId, now);
    return {
      confirmed: { kind: "erase", tickets: erased.tickets, messages: erased.messages, files: erased.fileKeys.length },
      fileKeys: erased.fileKeys,
      outcome: { tickets: erased.tickets, messages: erased.messages, files: erased.fileKeys.length },
    };
  }
  const via = request.channel;
  await tx.customer.update({
    where: { id: request.customerId },
    data: { verifiedAt: now, verifiedVia: via, verifiedContact: request.destination },
  });
  if (request.ticketId) {
    await recordEvent(ctx, tx, request.ticketId, "contact_verified", `customer:${request.customerId}`, { via });
    await notifyStaff(ctx, tx, request.ticketId);
  }
  return { confirmed: { kind: "verify", ticketId: request.ticketId }, fileKeys: [], outcome: { via } };
}

/** The copy as two files under DATA_DIR/files/privacy: the JSON and a text a person reads. */
async function writeExport(ctx: TicketContext, requestId: string, data: CustomerExport): Promise<OutboundAttachment[]> {
  if (!ctx.dataDir) return [];
  const language = asLanguage(data.customer.language);
  const [json, text] = exportFiles(requestId);
  const files = [
    { ...json, body: JSON.stringify(data, null, 2) },
    { ...text, body: exportAsText(data, language, ctx.policy) },
  ];
  const out: OutboundAttachment[] = [];
  for (const file of files) {
    const target = storedFilePath(ctx.dataDir, file.key);
    if (!target) continue;
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.body, { mode: 0o600 });
    out.push({ key: file.key, name: file.name, mimeType: file.mimeType, size: Buffer.byteLength(file.body) });
  }
  return out;
}

/**
 * Deletes a customer's personal data everywhere it is kept: the profile, their channel identities,
 * their tickets' content and files, the raw inbound events of their chats, outbox rows to their chats
 * (delivered ones emptied, pending ones cancelled), the dialog state, earlier exports; Slack cards
 * are redrawn and the thread lines posted for their tickets deleted. The ticket rows stay, wiped, for figures.
 */
async function eraseCustomer(ctx: TicketContext, tx: Tx, customerId: string, now: Date) {
  const tickets = await tx.ticket.findMany({ where: { customerId }, select: { id: true, channel: true, chatId: true } });
  const identities = await tx.customerIdentity.findMany({ where: { customerId } });
  const conversations = await tx.conversation.findMany({ where: { customerId }, select: { channel: true, chatId: true } });
  const customer = await tx.customer.findUnique({ where: { id: customerId }, select: { email: true } });
  const chats = [
    ...tickets.flatMap((t) => (t.chatId ? [{ channel: t.channel, chatId: t.chatId }] : [])),
    ...conversations,
    ...identities.map((i) => ({ channel: i.channel, chatId: i.externalId })),
    ...(customer?.email ? [{ channel: "email", chatId: customer.email }] : []),
  ];
  const wiped = await wipeTickets(
    ctx,
    tx,
    tickets.map((t) => t.id),
    now,
  );
  // Messages of the customer outside a ticket (none today, but the column allows it).
  await tx.message.updateMany({ where: { customerId, ticketId: null }, data: { text: ERASED_TEXT, attachments: [] } });
  // Old ticket-page links stop working: they led to the customer's data.
  for (const t of tickets) await tx.ticket.update({ where: { id: t.id }, data: { accessToken: randomUUID() } });
  for (const t of tickets) await recordEvent(ctx, tx, t.id, "anonymized", "system", { reason: "customer_request" });
  await clearCustomerContact(tx, [customerId]);
  await tx.customer.update({ where: { id: customerId }, data: { erasedAt: now, ...unverified } });
  // The chat identity is personal data: the next message from it starts a new, empty customer.
  for (const identity of identities) {
    await tx.customerIdentity.update({ where: { id: identity.id }, data: { externalId: `erased:${identity.id}`, displayName: null } });
  }
  const partitions = uniqueChats(chats);
  if (partitions.length > 0) {
    await tx.inboundEvent.updateMany({
      where: { partitionKey: { in: partitions.map((c) => `${c.channel}:${c.chatId}`) } },
      data: { payload: {} },
    });
    const destinations = partitions.map((c) => `${c.channel}:${c.chatId}`);
    await tx.outboxMessage.updateMany({ where: { destination: { in: destinations }, status: { not: "pending" } }, data: { payload: {} } });
    // Answers to their chats not sent yet (a dialog's question, an FAQ answer naming them) go nowhere now.
    await tx.outboxMessage.updateMany({
      where: { destination: { in: destinations }, status: "pending" },
      data: { status: "cancelled", payload: {}, lastError: "personal data erased", leaseUntil: null },
    });
    await tx.conversation.deleteMany({ where: { OR: partitions.map((c) => ({ channel: c.channel, chatId: c.chatId })) } });
  }
  const exports = await tx.privacyRequest.findMany({ where: { customerId, kind: "export" }, select: { id: true } });
  await tx.privacyRequest.updateMany({ where: { customerId, kind: "export", filesRemovedAt: null }, data: { filesRemovedAt: now } });
  const fileKeys = [...wiped.fileKeys, ...exports.flatMap((e) => exportFileKeys(e.id))];
  return { tickets: wiped.tickets, messages: wiped.messages, fileKeys };
}

function uniqueChats(chats: { channel: string; chatId: string }[]) {
  const seen = new Map(chats.map((c) => [`${c.channel}:${c.chatId}`, c]));
  return [...seen.values()];
}

/** Whether staff should act on this ticket's account work yet: its category asks a verified contact. */
export interface IdentityCheck {
  required: boolean;
  verified: boolean;
  verifiedAt: Date | null;
  verifiedVia: string | null;
  /** What the code proved: the email address or the chat ("telegram:<id>") it went to. */
  verifiedContact: string | null;
  /** How a code can be sent for this ticket: to its chat, or only by email (a web chat proves nothing). */
  route: "channel" | "email";
}

export async function identityCheck(
  ctx: TicketContext,
  tx: Tx,
  ticket: { categoryId: string; customerId: string; channel: string },
): Promise<IdentityCheck> {
  const customer = await tx.customer.findUnique({
    where: { id: ticket.customerId },
    select: { verifiedAt: true, verifiedVia: true, verifiedContact: true, email: true },
  });
  // An email verification holds for the address it proved, not for one given since; a code sent back
  // to an anonymous chat (as web chat ones were) proved nothing.
  const via = customer?.verifiedVia ?? "";
  const stillHolds = !ANONYMOUS_CHANNELS.has(via) && (via !== "email" || customer?.verifiedContact === customer?.email);
  return {
    required: ctx.policy.privacy.verifiedCategories.includes(ticket.categoryId),
    verified: customer?.verifiedAt != null && stillHolds,
    verifiedAt: customer?.verifiedAt ?? null,
    verifiedVia: customer?.verifiedVia ?? null,
    verifiedContact: customer?.verifiedContact ?? null,
    route: verificationRoute(ticket.channel),
  };
}

/** For staff (R4.1: a ticket they may act on): the identity check of a ticket. */
export async function ticketIdentity(ctx: TicketContext, staffId: string, ticketId: string): Promise<Result<IdentityCheck, string>> {
  const prisma = ctx.db.prisma;
  const [scope, ticket] = await Promise.all([staffScope(ctx, prisma, staffId), loadTicket(prisma, ticketId)]);
  if (!scope.ok) return scope;
  if (!ticket) return refuse("unknown_ticket");
  if (!scope.value.mayView(ticket)) return refuse("not_your_department");
  return ok(await identityCheck(ctx, prisma, ticket));
}

/**
 * A staff member asks the system to send the ticket's customer a verification code: to their chat,
 * or to the email on file (`via` unset: the chat when it proves an identity, else the email).
 */
export async function sendVerificationCode(
  ctx: TicketContext,
  staffId: string,
  ticketId: string,
  asked?: "channel" | "email",
): Promise<Result<{ via: "channel" | "email" }, string>> {
  const acting = await staffActing(ctx, ctx.db.prisma, "reply", staffId, ticketId);
  if (!acting.ok) return acting;
  const { ticket } = acting.value;
  const via = asked ?? verificationRoute(ticket.channel);
  if (via === "channel" && verificationRoute(ticket.channel) === "email") return refuse("anonymous_channel");
  const sent = await requestPrivacyCode(ctx, {
    customerId: ticket.customerId,
    kind: "verify",
    channel: ticket.channel,
    ...(ticket.chatId ? { chatId: ticket.chatId } : {}),
    ticketId,
    via,
    requestedBy: `staff:${staffId}`,
    language: asLanguage(ticket.language),
  });
  if (!sent.ok) return sent;
  await ctx.db.prisma.$transaction(async (tx) => {
    await recordEvent(ctx, tx, ticketId, "verification_sent", `staff:${staffId}`, { via });
    await notifyStaff(ctx, tx, ticketId);
  });
  ctx.afterCommit({ ticketIds: [ticketId] });
  return ok({ via: sent.value.via });
}

export interface PrivacyRequestLine {
  id: string;
  kind: string;
  customerId: string;
  channel: string;
  state: string;
  requestedBy: string;
  requestedAt: Date;
  completedAt: Date | null;
  outcome: unknown;
}

/** Customer care's list of privacy requests (who asked what, when, and what was done), newest first. */
export async function privacyRequests(ctx: TicketContext, staffId: string, limit = 100): Promise<Result<PrivacyRequestLine[], string>> {
  const scope = await staffScope(ctx, ctx.db.prisma, staffId);
  if (!scope.ok) return scope;
  if (!scope.value.customerCare) return refuse("not_customer_care");
  const rows = await ctx.db.prisma.privacyRequest.findMany({ orderBy: { requestedAt: "desc" }, take: limit });
  return ok(
    rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      customerId: r.customerId,
      channel: r.channel,
      state: r.state,
      requestedBy: r.requestedBy,
      requestedAt: r.requestedAt,
      completedAt: r.completedAt,
      outcome: r.outcome,
    })),
  );
}
