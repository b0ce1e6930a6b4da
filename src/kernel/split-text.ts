/** Telegram's sendMessage limit, in UTF-16 code units. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/**
 * Splits a long text into messages a platform accepts (Telegram 4096, Zalo 2000): at a paragraph,
 * else a line, else a space break, never inside a surrogate pair; short texts stay whole.
 */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    // The first kind of break found in the second half of the window wins: paragraph, line, word.
    const breaks = ["\n\n", "\n", " "].map((b) => window.lastIndexOf(b)).filter((i) => i >= limit / 2);
    let cut = breaks[0] ?? limit;
    // Do not cut between the two halves of an emoji.
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}
