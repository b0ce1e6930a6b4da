/**
 * Vietnamese-aware text folding: customers type with or without
 * diacritics, with old or new tone placement ("hoá"/"hóa"), so text is compared folded.
 */

/** NFD, strip the combining marks (every Vietnamese mark is in U+0300–U+036F), map đ/Đ/Ð to d, lower case. */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐÐ]/g, "d")
    .toLowerCase();
}

/** Folded words: Vietnamese separates syllables with spaces, so splitting on non-letters is enough. */
export function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
}

/**
 * Characters no text of ours may carry: NUL (PostgreSQL text and jsonb refuse it) and UTF-16
 * surrogates without their pair (jsonb refuses their escapes; they are not characters at all).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this finds.
const FORBIDDEN = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function hasForbiddenCharacters(text: string): boolean {
  return text.search(FORBIDDEN) !== -1;
}

/** For text whose sender cannot be told (a platform's update): the forbidden characters removed, NFC. */
export function cleanText(text: string): string {
  return text.replace(FORBIDDEN, "").normalize("NFC");
}

/** Every string in a JSON-like value cleaned (keys too), for a platform payload stored as it came. */
export function cleanDeep(value: unknown): unknown {
  if (typeof value === "string") return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanDeep);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [cleanText(key), cleanDeep(inner)]));
  return value;
}

/** Parsed JSON and form objects; a Date or a Buffer is left as it is. */
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/**
 * Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): a customer's
 * U+202E would show "fdp.exe" as "exe.pdf" to staff. Removed from what staff read; the text stays readable.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function neutraliseBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}

/** `neutraliseBidi` over every string of a JSON-like answer. */
export function neutraliseBidiDeep<T>(value: T): T {
  if (typeof value === "string") return neutraliseBidi(value) as T;
  if (Array.isArray(value)) return value.map(neutraliseBidiDeep) as T;
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, neutraliseBidiDeep(inner)])) as T;
  return value;
}
