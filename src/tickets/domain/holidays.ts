import { Temporal } from "temporal-polyfill";
import type { LocalizedText, Policy, Weekday } from "../../policy/policy.schema.js";
import { weekdays } from "../../policy/policy.schema.js";
import { lunarToSolar } from "./lunar.js";

export type HolidayRules = Policy["holidays"];

/**
 * holiday: a statutory day from the rules; substitute: the day off owed when a holiday falls on a rest day
 * (Labour Code Art. 111); extra: a day off added for one year (bridge days, company choices).
 */
export type HolidayKind = "holiday" | "substitute" | "extra";

export interface Holiday {
  /** Local date, YYYY-MM-DD. */
  readonly date: string;
  readonly name: LocalizedText;
  readonly kind: HolidayKind;
}

/** A local date, as "YYYY-MM-DD" or a Temporal.PlainDate. */
export type DateLike = string | Temporal.PlainDate;

export const additionalDayOffName: LocalizedText = { vi: "Ngày nghỉ bổ sung", en: "Additional day off" };

const substituteName = (name: LocalizedText): LocalizedText => ({
  vi: `Nghỉ bù ${name.vi}`,
  en: `${name.en} (substitute day off)`,
});

/**
 * The days off of Gregorian year `year`, sorted by date: the rules' holidays, their substitutes, and the
 * per-year overrides (`daysOff` added as "extra", `notDaysOff` removed).
 * Lunar rules are taken from the lunar years that begin in `year - 1` and `year`, so Tết eve (month 12, last day)
 * of the lunar year that began the year before lands in this year. A substitute is the next day that is neither
 * a rest day (unless a make-up working day) nor already off; two holidays on one date count once.
 */
export function holidaysOfYear(rules: HolidayRules, year: number): Holiday[] {
  const overrides = mergedOverrides(rules);
  const statutory = new Map<string, Holiday>();
  // One year either side, so substitutes that cross the new year are found on both sides of it.
  for (const y of [year - 1, year]) {
    for (const holiday of ruleDays(rules, y)) if (!statutory.has(holiday.date)) statutory.set(holiday.date, holiday);
  }
  const rest = new Set<Weekday>(rules.restDays);
  const isRestDay = (d: Temporal.PlainDate) => rest.has(weekdayOf(d)) && !overrides.workingDays.has(d.toString());
  const taken = new Set([...statutory.keys(), ...overrides.daysOff]);

  const days: Holiday[] = [];
  for (const holiday of [...statutory.values()].sort(byDate)) {
    days.push(holiday);
    let date = Temporal.PlainDate.from(holiday.date);
    if (!isRestDay(date)) continue;
    do date = date.add({ days: 1 });
    while (isRestDay(date) || taken.has(date.toString()));
    taken.add(date.toString());
    days.push({ date: date.toString(), name: substituteName(holiday.name), kind: "substitute" });
  }
  for (const date of overrides.daysOff) {
    if (!statutory.has(date)) days.push({ date, name: additionalDayOffName, kind: "extra" });
  }
  const prefix = `${String(year).padStart(4, "0")}-`;
  return days.filter((h) => h.date.startsWith(prefix) && !overrides.notDaysOff.has(h.date)).sort(byDate);
}

/** Questions about single days, each year computed once on first use. */
export interface HolidayCalendar {
  holidaysOfYear(year: number): readonly Holiday[];
  /** The day off on this date (holiday, substitute or extra), if any. */
  holidayOn(date: DateLike): Holiday | undefined;
  isDayOff(date: DateLike): boolean;
  /** A rest day worked this year in exchange for a bridge day off (a `workingDays` override); a day off still wins. */
  isWorkingDayOverride(date: DateLike): boolean;
}

export function holidayCalendar(rules: HolidayRules): HolidayCalendar {
  const byYear = new Map<number, { list: readonly Holiday[]; byDate: ReadonlyMap<string, Holiday> }>();
  const ofYear = (year: number) => {
    let entry = byYear.get(year);
    if (!entry) {
      const list = holidaysOfYear(rules, year);
      entry = { list, byDate: new Map(list.map((h) => [h.date, h])) };
      byYear.set(year, entry);
    }
    return entry;
  };
  const workingDays = mergedOverrides(rules).workingDays;
  const holidayOn = (date: DateLike) => {
    const iso = date.toString();
    return ofYear(Number(iso.slice(0, 4))).byDate.get(iso);
  };
  return {
    holidaysOfYear: (year) => ofYear(year).list,
    holidayOn,
    isDayOff: (date) => holidayOn(date) !== undefined,
    isWorkingDayOverride: (date) => workingDays.has(date.toString()),
  };
}

export function weekdayOf(date: Temporal.PlainDate): Weekday {
  return weekdays[date.dayOfWeek - 1] ?? "monday";
}

/** The statutory days of the solar rules of `year` and of the lunar rules of the lunar year beginning in `year`. */
function ruleDays(rules: HolidayRules, year: number): Holiday[] {
  const days: Holiday[] = [];
  const push = (first: Temporal.PlainDate, count: number, name: LocalizedText) => {
    for (let i = 0; i < count; i++) days.push({ date: first.add({ days: i }).toString(), name, kind: "holiday" });
  };
  for (const rule of rules.solar) {
    const [month = 1, day = 1] = rule.date.split("-").map(Number);
    const first = existingDate(year, month, day);
    if (first) push(first, rule.days, rule.name);
  }
  for (const rule of rules.lunar) push(Temporal.PlainDate.from(lunarToSolar(year, rule.month, rule.day)), rule.days, rule.name);
  return days;
}

/** 02-29 in a common year (or 04-31, which the MM-DD pattern lets through) is skipped, not moved to the next month. */
function existingDate(year: number, month: number, day: number): Temporal.PlainDate | undefined {
  try {
    return Temporal.PlainDate.from({ year, month, day }, { overflow: "reject" });
  } catch {
    return undefined;
  }
}

function mergedOverrides(rules: HolidayRules) {
  // Override dates are absolute, so the year key only groups them for the reader.
  const all = Object.values(rules.years);
  return {
    daysOff: new Set(all.flatMap((y) => y.daysOff)),
    workingDays: new Set(all.flatMap((y) => y.workingDays)),
    notDaysOff: new Set(all.flatMap((y) => y.notDaysOff)),
  };
}

const byDate = (a: Holiday, b: Holiday) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
