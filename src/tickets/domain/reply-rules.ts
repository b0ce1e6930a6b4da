import { type Language, languages } from "../../kernel/language.js";
import { ok, type Result, refuse } from "../../kernel/result.js";
import type { Policy } from "../../policy/policy.schema.js";
import { type FoldedText, fold, foldMapped, indexOfPhrase, phrasePattern } from "./text.js";

export type ReplyRefusal = "empty" | "verbal_exchange" | "abusive";

/**
 * Whether staff may send this reply (R3.3 written, R3.4 no verbal exchange, R4.2 courtesy):
 * - `empty`: nothing left once a typed greeting and closing are set aside;
 * - `verbal_exchange`: a policy pattern matched the folded text (whitespace collapsed); details
 *   `{ fragment, pattern }`, the fragment as the staff member typed it;
 * - `abusive`: a listed word or phrase occurs as whole words; details `{ word }` as listed. A typed word with
 *   diacritics must equal the listed one ("ngôn ngữ" is not "ngu"); a typed word without any is compared
 *   folded ("do ngu" is "đồ ngu").
 */
export function checkReplyText(policy: Policy, text: string): Result<void, ReplyRefusal> {
  if (replyBody(policy, text) === "") return refuse("empty");
  const verbal = findVerbalProposal(policy.replies.verbalPatterns, text);
  if (verbal) return refuse("verbal_exchange", verbal);
  const word = findAbusiveWord(policy.replies.abusiveWords, text);
  if (word !== undefined) return refuse("abusive", { word });
  return ok(undefined);
}

export interface ReplyDraft {
  readonly text: string;
  /** The customer's language. */
  readonly language: Language;
  /** "email", or a chat channel ("telegram", "zalo", "webchat", …). */
  readonly channel: string;
}

/**
 * The exact text the customer receives (and the one stored).
 * R3.5: "<greeting>,", a line break, then the text. A greeting the staff member typed at the start (any case,
 * with or without diacritics, either language) followed by punctuation or a line break is replaced by
 * this one; the customer's own greeting followed by more words on its line ("Kính thưa quý khách Nguyễn Văn A,")
 * is kept as typed, with the policy's spelling of the greeting.
 * R3.6: for email (and chat when `closingOnChat`), an empty line then the closing; a closing typed at the end
 * (e.g. "Cảm ơn quý khách … của chúng tôi.") is replaced, so it appears once.
 */
export function composeReply(policy: Policy, draft: ReplyDraft): string {
  const { emailClosing, closingOnChat } = policy.replies;
  const closes = draft.channel === "email" || closingOnChat;
  const text = closes ? withoutClosing(policy, draft.text.trim()) : draft.text.trim();
  const opened = withGreeting(policy, draft.language, text);
  return closes ? `${opened}\n\n${emailClosing[draft.language]}` : opened;
}

function withGreeting(policy: Policy, language: Language, text: string): string {
  const greeting = policy.replies.greeting[language];
  // The customer's language first, so its greeting wins when two languages' greetings share a prefix.
  for (const typedLanguage of [language, ...languages.filter((l) => l !== language)]) {
    const rest = afterLeading(text, policy.replies.greeting[typedLanguage]);
    if (rest === undefined) continue;
    if (/^[ \t]+[\p{L}\p{N}]/u.test(rest)) {
      // "Kính thưa quý khách hàng, …": the typed line already opens with the greeting.
      if (typedLanguage === language) return `${greeting}${rest}`;
      continue;
    }
    return joinLines(`${greeting},`, stripSeparator(rest));
  }
  return joinLines(`${greeting},`, text);
}

const joinLines = (head: string, body: string): string => (body === "" ? head : `${head}\n${body}`);
const stripSeparator = (rest: string): string => rest.replace(/^\s*[,.:;!]*\s*/u, "");

function withoutClosing(policy: Policy, text: string): string {
  for (const language of languages) {
    const before = beforeTrailing(text, policy.replies.emailClosing[language]);
    if (before !== undefined) return before.trimEnd();
  }
  return text;
}

/** The staff member's own words: the text without a typed greeting (of any language) and closing. */
function replyBody(policy: Policy, text: string): string {
  let body = withoutClosing(policy, text.trim());
  for (const language of languages) {
    const rest = afterLeading(body, policy.replies.greeting[language]);
    if (rest !== undefined) body = stripSeparator(rest);
  }
  return body.trim();
}

/** The text after `phrase` at its start (folded comparison, whole words), or undefined. */
function afterLeading(text: string, phrase: string): string | undefined {
  const mapped = foldMapped(text);
  const match = new RegExp(`^\\s*${phrasePattern(phrase)}(?![\\p{L}\\p{N}])`, "u").exec(mapped.folded);
  return match ? mapped.text.slice(originalIndex(mapped, match[0].length)) : undefined;
}

/** The text before `phrase` at its end (trailing punctuation allowed), or undefined. */
function beforeTrailing(text: string, phrase: string): string | undefined {
  const mapped = foldMapped(text);
  const match = new RegExp(`(?<![\\p{L}\\p{N}])${phrasePattern(phrase)}[\\s.!…]*$`, "u").exec(mapped.folded);
  return match ? mapped.text.slice(0, originalIndex(mapped, match.index)) : undefined;
}

const originalIndex = (mapped: FoldedText, foldedIndex: number): number => mapped.source[foldedIndex] ?? mapped.text.length;

function findVerbalProposal(patterns: readonly string[], text: string): { fragment: string; pattern: string } | undefined {
  const mapped = collapseWhitespace(foldMapped(text));
  for (const pattern of patterns) {
    const match = new RegExp(pattern, "u").exec(mapped.folded);
    if (match) {
      const start = originalIndex(mapped, match.index);
      const end = originalIndex(mapped, match.index + match[0].length);
      return { fragment: mapped.text.slice(start, end).trim() || match[0], pattern };
    }
  }
  return undefined;
}

/** Runs of whitespace become one space, keeping the mapping to the original text. */
function collapseWhitespace(mapped: FoldedText): FoldedText {
  let folded = "";
  const source: number[] = [];
  for (let i = 0; i < mapped.folded.length; i++) {
    const char = mapped.folded.charAt(i);
    const space = /\s/u.test(char);
    if (space && folded.endsWith(" ")) continue;
    folded += space ? " " : char;
    source.push(mapped.source[i] ?? mapped.text.length);
  }
  source.push(mapped.text.length);
  return { text: mapped.text, folded, source };
}

function findAbusiveWord(listed: readonly string[], text: string): string | undefined {
  const typed = rawWords(text);
  return listed.find((entry) => {
    const phrase = rawWords(entry);
    return indexOfPhrase(typed, phrase, sameWord) >= 0;
  });
}

/** Lower-case words with their diacritics (NFC), for the accent-aware abusive-word match. */
const rawWords = (text: string): string[] =>
  text
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((word) => word !== "");

const sameWord = (typed: string, listed: string): boolean => typed === listed || (fold(typed) === typed && fold(listed) === typed);
