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
