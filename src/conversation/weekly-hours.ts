import type { Language } from "../kernel/language.js";
import { type TimeWindow, type WeeklyCalendar, weekdays } from "../policy/policy.schema.js";

/** Weekday names as they read inside a sentence; the week starts on Monday as in the policy. */
const weekdayNames: Record<Language, readonly string[]> = {
  vi: ["thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật"],
  en: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
};
const and: Record<Language, string> = { vi: " và ", en: " and " };
const aroundTheClock: Record<Language, string> = { vi: "cả ngày (24/24)", en: "around the clock" };

/** "08:00–12:00 và 13:30–16:30", or "cả ngày (24/24)" for a day with no closing. */
export function windowsText(windows: readonly TimeWindow[], language: Language): string {
  if (windows.length === 1 && windows[0]?.start === "00:00" && windows[0]?.end === "24:00") return aroundTheClock[language];
  return windows.map((w) => `${w.start}–${w.end}`).join(and[language]);
}

/**
 * A weekly calendar as people say it: consecutive days with the same hours grouped,
 * "thứ hai–thứ sáu: 08:00–12:00 và 13:30–16:30". Days without hours are left out.
 */
export function weeklyHoursText(week: WeeklyCalendar, language: Language): string {
  const names = weekdayNames[language];
  const runs: { from: number; to: number; hours: string }[] = [];
  weekdays.forEach((day, index) => {
    if (week[day].length === 0) return;
    const hours = windowsText(week[day], language);
    const last = runs[runs.length - 1];
    if (last && last.to === index - 1 && last.hours === hours) last.to = index;
    else runs.push({ from: index, to: index, hours });
  });
  return runs.map(({ from, to, hours }) => `${from === to ? names[from] : `${names[from]}–${names[to]}`}: ${hours}`).join("; ");
}
