import { fold, words } from "../kernel/text.js";

/**
 * How FAQ text and queries become search terms: folded syllables (kernel/text.ts),
 * minus the words that carry no topic, with the i/y spelling variant and English plurals merged.
 * The same function runs on the FAQ and on the query, so both sides always agree.
 */

// Folded, so "có", "cỏ" and "cổ" are all "co": only words whose every reading is topic-free belong here.
// Kept out on purpose: chi (chi phí), ma (mã), tu (tư vấn), gio (giờ), quy (quy định), cung (cung cấp),
// and the English words that are Vietnamese topic syllables: in (in hợp đồng), so (số), no (công nợ), may (máy), an (an toàn).
const vietnameseStopwords = `
  a ah ak oi oii nhe nha nhi nhen ha vay the nao gi j sao lam cach ntn
  toi tui em minh anh ban ad admin shop ben cho hoi xin chao cam on
  co khong ko k kg khg duoc dc la va cua voi thi de nay do da se bi roi can muon giup
  nhu nhung cac mot nhieu rat vui long hay vang u uh ok oke okay o ve den khi neu trong tren
  ra vao lai moi nua chua biet phai qua
`;
const englishStopwords = `
  a the i me my we our us you your it its is are am was were be been to of on at for with
  how what when where which who why do does did can could should would will shall might must
  please pls plz hi hello hey thanks thank there this that these those and or but if not yes
  want need help about from by get got some any much many tell know like just also here test
`;

export const stopwords: ReadonlySet<string> = new Set(words(`${vietnameseStopwords} ${englishStopwords}`));

/**
 * One search term, or null for a word that says nothing about the topic.
 * - "ky"/"ki", "ly"/"li", "my"/"mi", "sy"/"si", "ty"/"ti": the same syllable in two spellings ("kỹ/kĩ thuật").
 * - A trailing English plural "s" (Vietnamese syllables never end in s): "domains" → "domain".
 */
export function searchTerm(word: string): string | null {
  const term = fold(word);
  if (term === "" || stopwords.has(term)) return null;
  if (/^[klmst]y$/.test(term)) return `${term[0]}i`;
  if (term.length >= 4 && term.endsWith("s") && !term.endsWith("ss")) return term.slice(0, -1);
  return term;
}

/** The distinct search terms of a query, in order: empty when it has no topic word ("xin chào", "hello"). */
export function contentTerms(text: string): string[] {
  return [...new Set(words(text).flatMap((word) => searchTerm(word) ?? []))];
}
