/** The languages hotro speaks, Vietnamese first. */
export const languages = ["vi", "en"] as const;
export type Language = (typeof languages)[number];

export const isLanguage = (value: unknown): value is Language => value === "vi" || value === "en";

/** A language kept as text (a customer's, a ticket's): English when it says so, Vietnamese otherwise. */
export const asLanguage = (value: string | null | undefined): Language => (value === "en" ? "en" : "vi");

/** The language a page's switch offers. */
export const otherLanguage = (language: Language): Language => (language === "vi" ? "en" : "vi");

/**
 * The language of an IETF-ish code such as Telegram's optional `language_code` ("vi", "vi-VN",
 * "en-US"); anything else gives `fallback` (the policy's default language).
 */
export function pickLanguage(code: string | undefined, fallback: Language): Language {
  const primary = code?.trim().toLowerCase().split(/[-_]/)[0];
  return languages.find((language) => language === primary) ?? fallback;
}
