import { CalendarVietnamese } from "date-chinese";

/** A lunar day of the month, or the month's last day (29 or 30), as Tết eve is "the last day of month 12". */
export type LunarDay = number | "last";

// date-chinese costs a few milliseconds per conversion: results are kept per lunar year.
const cache = new Map<number, Map<string, string>>();

/**
 * The Gregorian date ("YYYY-MM-DD") of a day of a non-leap lunar month, on the Vietnamese calendar (UTC+7 meridian).
 * `lunarYear` is the Gregorian year in which that lunar year begins (its Tết), so month 12 usually lands in the next
 * Gregorian year: lunarToSolar(2025, 12, "last") is Tết eve 2026-02-16.
 * Day 30 of a 29-day month gives the month's last day, as people say "30 Tết" for Tết eve in short years too.
 * Pure: date-chinese's Gregorian conversion does not read the process time zone.
 */
export function lunarToSolar(lunarYear: number, month: number, day: LunarDay): string {
  if (!Number.isInteger(lunarYear) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`no lunar month ${month} in year ${lunarYear}`);
  }
  if (day !== "last" && (!Number.isInteger(day) || day < 1 || day > 30)) throw new RangeError(`no lunar day ${day}`);
  let ofYear = cache.get(lunarYear);
  if (!ofYear) {
    ofYear = new Map();
    cache.set(lunarYear, ofYear);
  }
  const key = `${month}/${day}`;
  const cached = ofYear.get(key);
  if (cached !== undefined) return cached;
  const result = day === "last" || day === 30 ? lastDayOfMonth(lunarYear, month) : toIso(lunarYear, month, day);
  ofYear.set(key, result);
  return result;
}

/** The length of a lunar month is astronomical (29 or 30 days): day 30 exists only if it converts back to itself. */
function lastDayOfMonth(lunarYear: number, month: number): string {
  const thirtieth = toIso(lunarYear, month, 30);
  const [y = 0, m = 0, d = 0] = thirtieth.split("-").map(Number);
  const back = new CalendarVietnamese().fromGregorian(y, m, d).get();
  const isThirtieth = back[2] === month && !back[3] && back[4] === 30;
  return isThirtieth ? thirtieth : toIso(lunarYear, month, 29);
}

function toIso(lunarYear: number, month: number, day: number): string {
  // toGregorian(gyear) counts from the lunar new year that falls in `gyear`, so cycle and year are not needed.
  const g = new CalendarVietnamese(0, 0, month, 0, day).toGregorian(lunarYear);
  return `${String(g.year).padStart(4, "0")}-${String(g.month).padStart(2, "0")}-${String(g.day).padStart(2, "0")}`;
}
