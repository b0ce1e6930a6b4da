import { fold } from "../../kernel/text.js";

/**
 * Folding for the ticket rules: one implementation (kernel/text.ts), re-exported so the domain reads
 * `fold` / `words` from its own folder.
 */
export { fold, words } from "../../kernel/text.js";

/** The folded text plus, for each folded position, the index in `text` it came from (one more entry: `text.length`). */
export interface FoldedText {
  /** The input in NFC, the form the indexes in `source` refer to. */
  readonly text: string;
  readonly folded: string;
  readonly source: readonly number[];
}

/**
 * Folds character by character so that a match found in the folded text can be cut out of the original
 * (a typed greeting "kinh thua quy khach" or "Kính thưa Quý khách" is replaced by the policy's one).
 */
export function foldMapped(input: string): FoldedText {
  const text = input.normalize("NFC");
  let folded = "";
  const source: number[] = [];
  let index = 0;
  for (const char of text) {
    const piece = fold(char);
    folded += piece;
    for (let i = 0; i < piece.length; i++) source.push(index);
    index += char.length;
  }
  source.push(text.length);
  return { text, folded, source };
}

/** A folded phrase as a regular expression source: its words separated by any whitespace. */
export function phrasePattern(phrase: string): string {
  return fold(phrase)
    .trim()
    .split(/\s+/u)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
    .join("\\s+");
}

/** Where `phrase` occurs in `text` as consecutive whole words (by `same`), or -1. */
export function indexOfPhrase<T>(text: readonly T[], phrase: readonly T[], same: (a: T, b: T) => boolean = Object.is): number {
  if (phrase.length === 0) return -1;
  for (let start = 0; start + phrase.length <= text.length; start++) {
    if (
      phrase.every((word, i) => {
        const candidate = text[start + i];
        return candidate !== undefined && same(candidate, word);
      })
    )
      return start;
  }
  return -1;
}

export const containsPhrase = (text: readonly string[], phrase: readonly string[]): boolean => indexOfPhrase(text, phrase) >= 0;
