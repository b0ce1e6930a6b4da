import { createHmac, timingSafeEqual } from "node:crypto";
import type { Language } from "../../kernel/language.js";

/** Pure rules about mails: which to ignore, which to acknowledge, the ticket token of a subject, quoted text. */

/** The headers the rules read, lower-cased names. */
export type MailHeaders = Record<string, string>;

/**
 * Mail no person wrote, which must never open a ticket or get an answer (loops): auto-replies and
 * out-of-office notices (RFC 3834 `Auto-Submitted`, `X-Autoreply`, `X-Autorespond`, Microsoft's
 * `X-Auto-Response-Suppress` is not a marker), bulk and junk mail (`Precedence`), and bounces (an
 * empty `Return-Path`, a mailer daemon or postmaster sender, a delivery report).
 */
export function automaticReason(headers: MailHeaders, from: string): string | undefined {
  const autoSubmitted = headers["auto-submitted"]?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== "no") return `Auto-Submitted: ${autoSubmitted}`;
  if (headers["x-autoreply"] !== undefined || headers["x-autorespond"] !== undefined) return "X-Autoreply";
  const precedence = headers.precedence?.trim().toLowerCase();
  if (precedence === "bulk" || precedence === "junk" || precedence === "auto_reply") return `Precedence: ${precedence}`;
  // mailparser gives an empty Return-Path ("<>", a bounce's) as an address header without an address.
  const returnPath = headers["return-path"];
  if (returnPath !== undefined && /^<?>?$/.test(returnPath.replace(/\s/g, ""))) return "Return-Path: <>";
  const local = from.split("@")[0]?.toLowerCase() ?? "";
  if (local === "mailer-daemon" || local === "postmaster") return `from ${local}`;
  if (/multipart\/report/i.test(headers["content-type"] ?? "")) return "delivery report";
  return undefined;
}

/** A mailing list or a no-reply address: their mail is kept as a request, but an answer would go nowhere or to a list. */
export function noAcknowledgement(headers: MailHeaders, from: string): boolean {
  if (headers["list-id"] !== undefined || headers["list-unsubscribe"] !== undefined) return true;
  if (headers.precedence?.trim().toLowerCase() === "list") return true;
  const local = from.split("@")[0]?.toLowerCase().replace(/[._-]/g, "") ?? "";
  return local === "noreply" || local === "donotreply" || local === "notifications";
}

/**
 * The ticket token in our subjects, "[#123-9f3a2c71]": the number and a signature only we can make,
 * so a guessed number alone never joins someone else's ticket.
 */
export function ticketToken(secret: string, number: number): string {
  return `[#${number}-${tokenSignature(secret, number)}]`;
}

const tokenSignature = (secret: string, number: number) =>
  createHmac("sha256", secret).update(`email-ticket:${number}`).digest("hex").slice(0, 8);

/** The ticket number of a valid token in a subject, or undefined. */
export function ticketNumberIn(secret: string, subject: string): number | undefined {
  for (const match of subject.matchAll(/\[#(\d{1,9})-([0-9a-f]{8})\]/g)) {
    const number = Number(match[1]);
    const expected = Buffer.from(tokenSignature(secret, number));
    const given = Buffer.from(match[2] ?? "");
    if (expected.length === given.length && timingSafeEqual(expected, given)) return number;
  }
  return undefined;
}

/** The subject without reply and forward prefixes (several languages) and without our token. */
export function baseSubject(subject: string): string {
  let rest = subject.replace(/\[#\d{1,9}-[0-9a-f]{8}\]/g, " ");
  for (;;) {
    const next = rest.replace(/^\s*(re|fw|fwd|aw|sv|tr|rv|vs|wg|trả lời|tl|chuyển tiếp)\s*(\[\d+\])?\s*:\s*/iu, "");
    if (next === rest) break;
    rest = next;
  }
  return rest.replace(/\s+/g, " ").trim();
}

/** Our subject in a ticket's thread: "Re: <the customer's subject> [#123-…]". */
export function replySubject(subject: string, token: string): string {
  const base = baseSubject(subject);
  return base ? `Re: ${base} ${token}` : token;
}

/**
 * The customer's new words in a reply: the quoted earlier mail is cut at its attribution line
 * ("On … wrote:", "Vào … đã viết:", Outlook's "-----Original Message-----" or "From: …") and quoted
 * lines are left out. A mail that is only a quote stays whole: nothing a customer wrote is lost.
 */
export function withoutQuote(text: string): string {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const cut = lines.findIndex(
    (line, i) =>
      /^\s*(On|Vào|Le|Am)\b.*(wrote|đã viết|a écrit|schrieb)\s*:\s*$/iu.test(line) ||
      /^\s*-{2,}\s*(Original Message|Thư gốc|Tin nhắn gốc)\s*-{2,}\s*$/iu.test(line) ||
      (/^\s*(From|Từ)\s*:/iu.test(line) &&
        i > 0 &&
        lines[i - 1]?.trim() === "" &&
        /^\s*(Sent|Gửi|Date|To|Đến)\s*:/iu.test(lines[i + 1] ?? "")),
  );
  const kept = (cut >= 0 ? lines.slice(0, cut) : lines).filter((line) => !line.startsWith(">"));
  const result = kept.join("\n").trim();
  return result === "" ? text.trim() : result;
}

/** Letters only Vietnamese writes (with its tone marks): a mail with them is Vietnamese. */
const VIETNAMESE = /[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]/iu;
const ENGLISH_WORDS = /\b(the|please|hello|hi|my|our|is|are|can|could|would|thanks|thank you|dear|regards|with)\b/i;

/** The language of a new customer's mail: Vietnamese with Vietnamese letters, English with English words, else the policy's. */
export function guessLanguage(text: string, fallback: Language): Language {
  if (VIETNAMESE.test(text)) return "vi";
  if (ENGLISH_WORDS.test(text)) return "en";
  return fallback;
}
