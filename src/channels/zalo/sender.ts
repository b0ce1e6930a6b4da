import { renderMessage } from "../../conversation/index.js";
import { attachmentBytes } from "../../delivery/attachment-bytes.js";
import { DeliveryError, type OutboxRow, partsDelivered, type Sender } from "../../delivery/outbox.js";
import type { Translator } from "../../i18n/i18n.js";
import type { Language } from "../../kernel/language.js";
import type { OutboundAttachment, OutboundMessage } from "../../kernel/outbound.js";
import { splitText } from "../../kernel/split-text.js";
import type { ZaloAlerts } from "./alerts.js";
import { choicePayload } from "./choices.js";
import { ZaloApiError, type ZaloOaClient } from "./oa-client.js";
import { ZaloNotConnected, ZaloRefreshRefused } from "./tokens.js";

/** Zalo's CS text limit, counted on NFC text. */
export const ZALO_TEXT_LIMIT = 2000;
/** Zalo's SDK builder takes at most 5 buttons under one message. */
const BUTTONS_PER_MESSAGE = 5;
/** Images Zalo shows inline (JPG/PNG up to 1 MB); documents it takes as files (PDF/DOC/DOCX up to 5 MB). */
const IMAGE_TYPES = new Set(["image/jpeg", "image/png"]);
const IMAGE_MAX_BYTES = 1024 * 1024;
const FILE_TYPES = new Set([
  "application/pdf",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
]);
const FILE_MAX_BYTES = 5 * 1024 * 1024;
/** Refused for the app's configuration: an operator has to act, messages wait. */
const CONFIG_CODES = new Set([-209, -212, -223, -221, -224, -242]);
const OPERATOR_WAIT_MS = 5 * 60_000;
/** The intake form's question that Zalo's contact form answers (name and phone in one tap). */
const ASK_NAME_KEY = "conversation:intake.askName";

type Button = { title: string; type: "oa.query.hide"; payload: string };
type Part = { text: string; buttons: Button[] } | { contactForm: Language } | { file: OutboundAttachment };

export interface ZaloSenderDeps {
  client: ZaloOaClient;
  translator: Promise<Translator>;
  alerts: ZaloAlerts;
  dataDir: string;
  /** A signed link of ours to a file Zalo will not take (size, type). */
  fileLink(file: OutboundAttachment): string;
  /**
   * Zalo refused a ticket's message because the user's 7-day window has passed: send it by the
   * customer's email when known (true when a copy was queued).
   */
  pastWindow?(copy: { ticketId: string; message: OutboundMessage; kind: "message" | "reply" }): Promise<boolean>;
}

/** -230 / -232: no interaction within 7 days, Zalo refuses consultation messages. */
const PAST_WINDOW = new Set([-230, -232]);

/**
 * Delivers outbox rows to Zalo users as consultation (CS) messages: the text split at 2000
 * characters with the choices as buttons on its last piece (5 a message), Zalo's contact form where
 * the intake asks for a name, then each file uploaded and sent as an image or a file. A retried row
 * resumes at the first part that did not go out.
 */
export function createZaloSender(deps: ZaloSenderDeps): Sender {
  async function send(userId: string, part: Part): Promise<string> {
    const recipient = { user_id: userId };
    if ("text" in part) {
      const attachment = part.buttons.length > 0 ? { type: "template", payload: { buttons: part.buttons } } : undefined;
      return messageId(
        await deps.client.post("/v3.0/oa/message/cs", { recipient, message: { text: part.text, ...(attachment ? { attachment } : {}) } }),
      );
    }
    if ("contactForm" in part) {
      const t = await deps.translator;
      const language = part.contactForm;
      const element = { title: t.t(language, "zalo:contactForm.title"), subtitle: t.t(language, "zalo:contactForm.subtitle") };
      const payload = { template_type: "request_user_info", elements: [element] };
      return messageId(
        await deps.client.post("/v3.0/oa/message/cs", { recipient, message: { attachment: { type: "template", payload } } }),
      );
    }
    return sendFile(userId, part.file);
  }

  async function sendFile(userId: string, file: OutboundAttachment): Promise<string> {
    const bytes = await attachmentBytes(deps.dataDir, file);
    const recipient = { user_id: userId };
    if (IMAGE_TYPES.has(file.mimeType) && bytes.length <= IMAGE_MAX_BYTES) {
      const uploaded = await deps.client.upload("/v2.0/oa/upload/image", { bytes, name: file.name, mimeType: file.mimeType });
      const attachmentId = String((uploaded as { attachment_id?: unknown } | undefined)?.attachment_id ?? "");
      const payload = { template_type: "media", elements: [{ media_type: "image", attachment_id: attachmentId }] };
      return messageId(
        await deps.client.post("/v3.0/oa/message/cs", { recipient, message: { attachment: { type: "template", payload } } }),
      );
    }
    if (FILE_TYPES.has(file.mimeType) && bytes.length <= FILE_MAX_BYTES) {
      const uploaded = await deps.client.upload("/v2.0/oa/upload/file", { bytes, name: file.name, mimeType: file.mimeType });
      const token = String((uploaded as { token?: unknown } | undefined)?.token ?? "");
      return messageId(
        await deps.client.post("/v3.0/oa/message/cs", { recipient, message: { attachment: { type: "file", payload: { token } } } }),
      );
    }
    // Zalo takes neither this type nor this size: the customer gets our signed link to it.
    return messageId(
      await deps.client.post("/v3.0/oa/message/cs", { recipient, message: { text: `${file.name}: ${deps.fileLink(file)}` } }),
    );
  }

  return {
    async send(row: OutboxRow) {
      if (row.kind !== "message" && row.kind !== "reply") throw new DeliveryError("permanent", `unknown Zalo outbox kind "${row.kind}"`);
      const userId = row.destination.slice(row.destination.indexOf(":") + 1);
      const message = (row.payload as { message?: OutboundMessage }).message;
      if (!userId || !message) throw new DeliveryError("permanent", "outbox row without a user or a message");
      const parts = await partsOf(message, await deps.translator);
      let lastId = "";
      for (let i = partsDelivered(row); i < parts.length; i++) {
        const part = parts[i];
        if (!part) continue;
        try {
          lastId = await send(userId, part);
        } catch (error) {
          if (error instanceof ZaloApiError && PAST_WINDOW.has(error.code) && row.ticketId && deps.pastWindow) {
            const copy = { ticketId: row.ticketId, message, kind: row.kind === "reply" ? ("reply" as const) : ("message" as const) };
            const byEmail = await deps.pastWindow(copy);
            const reason = `Zalo's 7-day reply window has passed (${error.code}): ${byEmail ? "sent by email instead" : "no email address to send it to"}`;
            throw new DeliveryError("permanent", reason, undefined, { cause: error, partsDone: i });
          }
          throw classify(error, deps.alerts, i);
        }
      }
      deps.alerts.clear();
      return lastId ? { platformMessageId: lastId } : {};
    },
  };
}

/** The calls one message takes: text pieces (choices as buttons, 5 a message), the contact form, files. */
export function partsOf(message: OutboundMessage, t: Translator): Part[] {
  const rendered = renderMessage(t, message, { buttons: true });
  const buttons: Button[] = rendered.buttons
    .flat()
    .map((b) => ({ title: b.label.slice(0, 100), type: "oa.query.hide", payload: choicePayload(b.id) }));
  const chunks = rendered.text === "" && buttons.length > 0 ? ["…"] : splitText(rendered.text.normalize("NFC"), ZALO_TEXT_LIMIT);
  const parts: Part[] = rendered.text === "" && buttons.length === 0 ? [] : chunks.map((text) => ({ text, buttons: [] as Button[] }));
  const last = parts.at(-1);
  if (last && "text" in last) last.buttons = buttons.slice(0, BUTTONS_PER_MESSAGE);
  for (let i = BUTTONS_PER_MESSAGE; i < buttons.length; i += BUTTONS_PER_MESSAGE) {
    parts.push({ text: t.t(message.language, "zalo:moreChoices"), buttons: buttons.slice(i, i + BUTTONS_PER_MESSAGE) });
  }
  if (message.text.some((part) => "key" in part && part.key === ASK_NAME_KEY)) parts.push({ contactForm: message.language });
  return [...parts, ...(message.attachments ?? []).map((file) => ({ file }))];
}

function messageId(data: unknown): string {
  const id = (data as { message_id?: unknown } | undefined)?.message_id;
  return typeof id === "string" ? id : "";
}

/**
 * -32 → retry after a minute; -216/-220 after the refresh, network, 5xx → retry; a refused refresh,
 * no token, or a configuration refusal → alert and retry (messages wait for an operator); the rest
 * (-230 outside the 7-day window, -201, -213 not a follower…) → permanent.
 */
export function classify(error: unknown, alerts: ZaloAlerts, partsDone?: number): DeliveryError {
  const progress = partsDone === undefined ? {} : { partsDone };
  const retry = (message: string, afterMs?: number) => new DeliveryError("retry", message, afterMs, { cause: error, ...progress });
  if (error instanceof DeliveryError)
    return new DeliveryError(error.kind, error.message, error.retryAfterMs, { cause: error.cause, ...progress });
  if (error instanceof ZaloNotConnected) {
    alerts.raise("notConnected", error.message);
    return retry(error.message, OPERATOR_WAIT_MS);
  }
  if (error instanceof ZaloRefreshRefused) {
    alerts.raise("refreshRefused", error.message);
    return retry(error.message, OPERATOR_WAIT_MS);
  }
  if (error instanceof ZaloApiError) {
    if (error.code === -32) return retry(error.message, 60_000);
    if (error.code === -216 || error.code === -220) return retry(error.message);
    if (CONFIG_CODES.has(error.code)) {
      alerts.raise("configuration", error.message);
      return retry(error.message, OPERATOR_WAIT_MS);
    }
    return new DeliveryError("permanent", error.message, undefined, { cause: error, ...progress });
  }
  return retry(error instanceof Error ? error.message : String(error));
}
