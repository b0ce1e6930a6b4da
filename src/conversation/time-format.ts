import { formatDateTime } from "../kernel/date-time.js";
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
 * Dates and times as customers read them, in the policy's time zone: the product's one format
 * dd/MM/yyyy HH:mm, after the weekday people plan by: "thứ tư, 25/11/2026 13:30", "Wednesday 25/11/2026 13:30".
 */
export function formatMoment(at: Date, language: Language, timeZone: string): string {
  const weekday = formatter(language === "vi" ? "vi-VN" : "en-GB", timeZone, { weekday: "long" }).format(at);
  const dateTime = formatDateTime(at, timeZone);
  return language === "vi" ? `${weekday.toLocaleLowerCase("vi")}, ${dateTime}` : `${weekday} ${dateTime}`;
}
