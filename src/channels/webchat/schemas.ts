import { z } from "zod";
import { count, text } from "../../server/input.js";

/** Every shape the web chat API accepts, checked by Fastify before a handler runs; anything else is a 400. */

export const MAX_TEXT = 4000;
/** Button ids the engine writes: "menu:new", "cat:hosting_domain", "rate:12:5"… */
const choiceId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/);
/** The format is checked with the signature (verifyVisitor); here only its size and alphabet. */
const visitorId = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/);
const token = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);
const language = z.enum(["vi", "en"]);

export const sessionBodySchema = z.strictObject({ visitorId: visitorId.optional(), token: token.optional() }).nullish();

export const messageBodySchema = z
  .strictObject({
    visitorId,
    token,
    clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    text: text(MAX_TEXT).optional(),
    choice: choiceId.optional(),
    language: language.optional(),
  })
  .refine((body) => (body.text === undefined) !== (body.choice === undefined), "exactly one of text and choice")
  .refine((body) => body.text === undefined || body.text.trim() !== "", "text must not be empty");

export const emailBodySchema = z.strictObject({ visitorId, token, email: z.email().max(254), language: language.optional() });

/** `after` is a feed sequence number (INT4): a larger one is refused, not sent to the database. */
export const feedQuerySchema = z.strictObject({ visitorId, token, after: count().optional() });

/**
 * The file types customers may attach: images, PDF and office documents (what staff can open); the
 * body is the file itself, with its type as Content-Type.
 */
export const UPLOAD_TYPES = [
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
  "image/heic",
  "application/pdf",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "text/plain",
] as const;

export const uploadQuerySchema = z.strictObject({
  visitorId,
  token,
  clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  // A name to show staff; path separators and control characters are not part of a name.
  name: z
    .string()
    .min(1)
    .max(200)
    .refine((value) => !/[/\\]/.test(value) && ![...value].some((c) => c.charCodeAt(0) < 32), "a file name, without a path"),
  language: language.optional(),
});

const storedAttachment = z.object({ name: z.string(), mimeType: z.string(), size: z.number(), key: z.string() });

/** What the inbound log keeps for one web chat message (the token is not kept). */
export const inboundPayloadSchema = z.object({
  visitorId: z.string(),
  clientMessageId: z.string(),
  text: z.string().optional(),
  choice: z.string().optional(),
  attachments: z.array(storedAttachment).optional(),
  language: language.optional(),
});
