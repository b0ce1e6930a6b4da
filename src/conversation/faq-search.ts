import MiniSearch from "minisearch";
import type { Language } from "../kernel/language.js";
import { words } from "../kernel/text.js";
import type { FaqEntry } from "../policy/policy.schema.js";
import { contentTerms, searchTerm } from "./search-terms.js";

/**
 * FAQ and documentation search over the policy's FAQ (R2.1): MiniSearch over folded terms, with
 * prefix matching, fuzzy matching for longer words and boosts.
 */

export type FaqHit = {
  id: string;
  question: string;
  answer: string;
  /** The entry's own link, else the online documentation (R2.1). */
  link: string;
  score: number;
};

export interface FaqSearch {
  search(query: string, language: Language, limit?: number): FaqHit[];
}

type FaqDocument = { id: string; questionVi: string; questionEn: string; answerVi: string; answerEn: string; keywords: string };

/**
 * When a hit counts (chosen on the golden and no-hit sets in test/conversation/faq-search.test.ts):
 * - a query with no topic word (greetings, thanks, filler) searches nothing;
 * - the entry must support at least half of the query's topic words. A word found as such in a
 *   question or the keywords counts 1; found only in an answer, or only as a prefix or typo, it
 *   counts half (both: a quarter). So one shared syllable out of a sentence ("thời tiết hôm nay"
 *   against "chi tiết" in an answer) is noise, while "backp" (a typo of "backup") still finds backups;
 * - hits far below the best one are dropped. MiniSearch scores grow with the corpus and the query,
 *   so an absolute minimum score would need re-tuning for every policy's FAQ; a share does not.
 */
const minimumSupport = 0.5;
const minimumShareOfBest = 0.3;
const partialMatchWeight = 0.5;
const answerOnlyWeight = 0.5;

export function createFaqSearch(faq: readonly FaqEntry[], documentationUrl: string): FaqSearch {
  const entries = new Map(faq.map((entry) => [entry.id, entry]));
  const index = new MiniSearch<FaqDocument>({
    fields: ["questionVi", "questionEn", "answerVi", "answerEn", "keywords"],
    tokenize: words,
    processTerm: searchTerm,
    searchOptions: { prefix: (term, i, terms) => usesPrefix(term, i === terms.length - 1), fuzzy, weights: { fuzzy: 0.25, prefix: 0.375 } },
  });
  index.addAll(
    faq.map((entry) => ({
      id: entry.id,
      questionVi: entry.question.vi,
      questionEn: entry.question.en,
      answerVi: entry.answer.vi,
      answerEn: entry.answer.en,
      keywords: entry.keywords.join(" "),
    })),
  );

  return {
    search(query, language, limit = 3) {
      const terms = contentTerms(query);
      if (terms.length === 0) return [];
      const support = termSupport(index, terms);
      const results = index
        .search(terms.join(" "), { boost: boosts(language) })
        .filter((r) => (support.get(String(r.id)) ?? 0) / terms.length >= minimumSupport);
      const best = results[0]?.score ?? 0;
      return results
        .filter((r) => r.score >= best * minimumShareOfBest)
        .slice(0, limit)
        .flatMap((r) => {
          const entry = entries.get(String(r.id));
          if (!entry) return [];
          return [
            {
              id: entry.id,
              question: entry.question[language],
              answer: entry.answer[language],
              link: entry.link ?? documentationUrl,
              score: r.score,
            },
          ];
        });
    },
  };
}

/** The customer's language weighs more, but both count: Vietnamese questions are full of English words. */
function boosts(language: Language): Record<keyof Omit<FaqDocument, "id">, number> {
  const vi = language === "vi";
  return {
    questionVi: vi ? 3 : 2,
    questionEn: vi ? 2 : 3,
    keywords: 2,
    answerVi: vi ? 1 : 0.5,
    answerEn: vi ? 0.5 : 1,
  };
}

/** Prefix for the word being typed (the last one) and for longer words: "mat kh" finds "mật khẩu". */
function usesPrefix(term: string, isLast: boolean): boolean {
  return isLast || term.length >= 4;
}

/** Fuzzy on short syllables gives false hits ("tro" matched "tra"), so only from 4 letters. */
function fuzzy(term: string): number | false {
  return term.length >= 4 ? 0.2 : false;
}

/** Per entry, the summed weight of the query terms it supports (see the relevance rule above). */
function termSupport(index: MiniSearch<FaqDocument>, terms: string[]): Map<string, number> {
  const support = new Map<string, number>();
  terms.forEach((term, i) => {
    for (const result of index.search(term, { prefix: usesPrefix(term, i === terms.length - 1), fuzzy })) {
      const weights = Object.entries(result.match).map(([found, fields]) => {
        const inQuestion = fields.some((field) => !field.startsWith("answer"));
        return (found === term ? 1 : partialMatchWeight) * (inQuestion ? 1 : answerOnlyWeight);
      });
      const id = String(result.id);
      support.set(id, (support.get(id) ?? 0) + Math.max(0, ...weights));
    }
  });
  return support;
}
