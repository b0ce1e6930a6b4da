import type { Language } from "../kernel/language.js";

/** Building an Intl.DateTimeFormat costs far more than using one: one per zone, language and part. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    formatters.set(key, format);
  }
  return format;
}

/**
 * Dates and times as customers read them, in the policy's time zone: "13:30 thứ Tư, 25/11/2026"
 * or "13:30, Wednesday 25/11/2026". The time comes first: it is what the customer waits for.
 */
export function formatMoment(at: Date, language: Language, timeZone: string): string {
  const time = formatter("en-GB", timeZone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
  const weekday = formatter(language === "vi" ? "vi-VN" : "en-GB", timeZone, { weekday: "long" }).format(at);
  const date = formatter("en-GB", timeZone, { day: "2-digit", month: "2-digit", year: "numeric" }).format(at);
  return language === "vi" ? `${time} ${weekday.toLocaleLowerCase("vi")}, ${date}` : `${time}, ${weekday} ${date}`;
}
