import { Temporal } from "temporal-polyfill";
import type { TimeWindow, WeeklyCalendar } from "../../../src/policy/policy.schema.js";
import type { HolidayRules } from "../../../src/tickets/domain/holidays.js";

/** The rules of the default policy (Labour Code Art. 112), written out here so these tests stand alone. */
export const defaultHolidayRules: HolidayRules = {
  solar: [
    { date: "01-01", days: 1, name: { vi: "Tết Dương lịch", en: "New Year's Day" } },
    { date: "04-30", days: 1, name: { vi: "Ngày Chiến thắng", en: "Reunification Day" } },
    { date: "05-01", days: 1, name: { vi: "Ngày Quốc tế Lao động", en: "International Labour Day" } },
    { date: "09-01", days: 2, name: { vi: "Quốc khánh", en: "National Day" } },
  ],
  lunar: [
    { month: 12, day: "last", days: 1, name: { vi: "Giao thừa Tết Nguyên đán", en: "Lunar New Year's Eve" } },
    { month: 1, day: 1, days: 4, name: { vi: "Tết Nguyên đán", en: "Lunar New Year" } },
    { month: 3, day: 10, days: 1, name: { vi: "Giỗ Tổ Hùng Vương", en: "Hung Kings' Commemoration Day" } },
  ],
  restDays: ["saturday", "sunday"],
  years: {},
};

/** The official 2026 schedule: bridge days 2/1 and 31/8, worked back on Saturdays 10/1 and 22/8. */
export const rules2026: HolidayRules = {
  ...defaultHolidayRules,
  years: { "2026": { daysOff: ["2026-01-02", "2026-08-31"], workingDays: ["2026-01-10", "2026-08-22"], notDaysOff: [] } },
};

const closed: TimeWindow[] = [];
const officeDay: TimeWindow[] = [
  { start: "08:00", end: "12:00" },
  { start: "13:30", end: "16:30" },
];
const wholeDay: TimeWindow[] = [{ start: "00:00", end: "24:00" }];

/** R2.2: guidance staff, 8:00–12:00 and 13:30–16:30 on weekdays. */
export const officeWeek: WeeklyCalendar = weekOf(officeDay);
/** R2.6: technical support, 24 hours on working days. */
export const technicalWeek: WeeklyCalendar = weekOf(wholeDay);
export const generalDutyHours: TimeWindow[] = [{ start: "08:00", end: "17:00" }];

export const timeZone = "Asia/Ho_Chi_Minh";

/** An instant from a Vietnamese wall-clock time, e.g. vn("2026-02-17T09:00"). */
export const vn = (local: string): Date => new Date(`${local}:00+07:00`);

/** A result as a Vietnamese wall-clock time to the minute, e.g. "2026-02-23T08:00" (null stays null). */
export function local(t: Date | null): string | null {
  if (t === null) return null;
  return Temporal.Instant.fromEpochMilliseconds(t.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDateTime()
    .toString({ smallestUnit: "minute" });
}

function weekOf(day: TimeWindow[]): WeeklyCalendar {
  return { monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: closed, sunday: closed };
}
