import { Temporal } from "temporal-polyfill";
import type { TimeWindow, WeeklyCalendar } from "../../policy/policy.schema.js";
import { toMinutes, weekdays } from "../../policy/policy.schema.js";
import type { DateLike, Holiday, HolidayCalendar } from "./holidays.js";
import { weekdayOf } from "./holidays.js";

/** Open minutes of one local day: [start, end) in minutes after midnight, end at most 1440. */
export interface DayWindow {
  readonly start: number;
  readonly end: number;
}

/** [start, end) in epoch milliseconds. */
export type Interval = readonly [start: number, end: number];

export interface DaySchedule {
  /** Local date, YYYY-MM-DD. */
  readonly date: string;
  readonly windows: readonly DayWindow[];
  /** The same windows as instants, so that arithmetic stays exact across daylight-saving changes. */
  readonly intervals: readonly Interval[];
  /** Set on a day off: departments are closed, general duty works. */
  readonly holiday?: Holiday;
}

/** When a team works, in its time zone, whatever the process time zone is (R2.2, R2.6). */
export interface BusinessCalendar {
  readonly timeZone: string;
  /** The schedule of one local date (memoised). */
  day(date: Temporal.PlainDate): DaySchedule;
}

interface DayPlan {
  windows: readonly DayWindow[];
  holiday?: Holiday;
}

/**
 * A department's calendar: its weekly windows, closed on every day off (R2.6: only general duty works then).
 * A make-up working day (a `workingDays` override, usually a Saturday) gets the windows of the calendar's first
 * working weekday (Monday for an office week), since it replaces a full working day given off as a bridge.
 */
export function departmentCalendar(input: { timeZone: string; week: WeeklyCalendar; holidays: HolidayCalendar }): BusinessCalendar {
  const weekly = new Map(weekdays.map((d) => [d, input.week[d].map(toDayWindow)]));
  const makeUpDay = weekdays.map((d) => weekly.get(d) ?? []).find((windows) => windows.length > 0) ?? [];
  return makeCalendar(input.timeZone, (date) => {
    const holiday = input.holidays.holidayOn(date);
    if (holiday) return { windows: [], holiday };
    if (input.holidays.isWorkingDayOverride(date)) return { windows: makeUpDay };
    return { windows: weekly.get(weekdayOf(date)) ?? [] };
  });
}

/** General duty (R2.6): open only on days off (holidays, substitutes, extra days), in `generalDuty.hours`. */
export function generalDutyCalendar(input: {
  timeZone: string;
  hours: readonly TimeWindow[];
  holidays: HolidayCalendar;
}): BusinessCalendar {
  const hours = input.hours.map(toDayWindow);
  return makeCalendar(input.timeZone, (date) => {
    const holiday = input.holidays.holidayOn(date);
    return holiday ? { windows: hours, holiday } : { windows: [] };
  });
}

/** Whether general-duty staff may claim every department's tickets on this local date (R2.6, R4.1). */
export function isGeneralDutyDay(holidays: HolidayCalendar, date: DateLike): boolean {
  return holidays.isDayOff(date);
}

function makeCalendar(timeZone: string, plan: (date: Temporal.PlainDate) => DayPlan): BusinessCalendar {
  const days = new Map<string, DaySchedule>();
  return {
    timeZone,
    day(date) {
      const key = date.toString();
      let schedule = days.get(key);
      if (!schedule) {
        const { windows, holiday } = plan(date);
        const intervals = windows
          .map((w): Interval => [instantAt(timeZone, date, w.start), instantAt(timeZone, date, w.end)])
          .filter(([start, end]) => end > start);
        schedule = holiday ? { date: key, windows, intervals, holiday } : { date: key, windows, intervals };
        days.set(key, schedule);
      }
      return schedule;
    },
  };
}

/** Epoch milliseconds of a local minute of a date; minute 1440 is the next day's midnight. */
function instantAt(timeZone: string, date: Temporal.PlainDate, minute: number): number {
  const day = date.add({ days: Math.floor(minute / 1440) });
  const m = minute % 1440;
  const plainTime = new Temporal.PlainTime(Math.floor(m / 60), m % 60);
  return day.toZonedDateTime({ timeZone, plainTime }).epochMilliseconds;
}

function toDayWindow(window: TimeWindow): DayWindow {
  return { start: toMinutes(window.start), end: toMinutes(window.end) };
}
