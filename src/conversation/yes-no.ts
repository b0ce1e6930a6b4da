/** Typed answers to a yes/no question, folded ("có", "Không đồng ý", "ok"): buttons are not the only way to answer. */
const YES_WORDS = new Set(["dong y", "co", "yes", "ok", "dong y luu", "i agree", "agree"]);
const NO_WORDS = new Set(["khong", "khong dong y", "no", "ko", "k", "tu choi", "i do not agree", "disagree"]);

/** `folded` is the message's words, folded and joined by spaces (`words(text).join(" ")`). */
export function yesOrNo(folded: string): "yes" | "no" | null {
  if (YES_WORDS.has(folded)) return "yes";
  if (NO_WORDS.has(folded)) return "no";
  return null;
}
