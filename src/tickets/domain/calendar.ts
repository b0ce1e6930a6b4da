import { Temporal } from "temporal-polyfill";
import type { LocalizedText } from "../../policy/policy.schema.js";
import type { BusinessCalendar, Interval } from "./business-calendar.js";

export type { BusinessCalendar, DaySchedule, DayWindow, Interval } from "./business-calendar.js";
export { departmentCalendar, generalDutyCalendar, isGeneralDutyDay } from "./business-calendar.js";

/** An instant, as the callers have it. Results are returned as `Date`. */
export type Moment = Date | Temporal.Instant;

/** night: before the first or after the last window of a working day; rest_day: a day this calendar does not work. */
export type ClosedReason = "lunch" | "night" | "rest_day" | "holiday";

export type OpeningState =
  | { open: true; closesAt: Date | null }
  | { open: false; reason: ClosedReason; opensAt: Date | null; holidayName?: LocalizedText };

/** Searching stops after this many days in a row without opening hours. */
const horizonDays = 732;
const minuteMs = 60_000;

export const toEpochMs = (t: Moment): number => (t instanceof Date ? t.getTime() : t.epochMilliseconds);

export function isOpenAt(cal: BusinessCalendar, t: Moment): boolean {
  const ms = toEpochMs(t);
  return cal.day(localDate(cal, ms)).intervals.some(([start, end]) => start <= ms && ms < end);
}

/** `t` itself when open, else the next opening; null when nothing opens within 2 years. */
export function nextOpeningAfter(cal: BusinessCalendar, t: Moment): Date | null {
  for (const [start] of openIntervals(cal, toEpochMs(t))) return new Date(start);
  return null;
}

/**
 * The earliest instant by which `minutes` of open time have passed since `t` (R2.2, R2.4). A deadline landing
 * exactly on a window's end stays there (12:00, not 13:30); a start inside the lunch break counts from 13:30.
 */
export function addWorkingMinutes(cal: BusinessCalendar, t: Moment, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`cannot add ${minutes} working minutes`);
  const from = toEpochMs(t);
  let remaining = Math.round(minutes * minuteMs);
  if (remaining === 0) return new Date(from);
  for (const [start, end] of openIntervals(cal, from)) {
    if (remaining <= end - start) return new Date(start + remaining);
    remaining -= end - start;
  }
  throw new RangeError("no working time within 2 years");
}

/** Open minutes in [a, b); negative when b is before a. */
export function workingMinutesBetween(cal: BusinessCalendar, a: Moment, b: Moment): number {
  const from = toEpochMs(a);
  const to = toEpochMs(b);
  if (to < from) return -workingMinutesBetween(cal, b, a);
  let total = 0;
  for (const [start, end] of openIntervals(cal, from)) {
    if (start >= to) break;
    total += Math.min(end, to) - start;
  }
  return total / minuteMs;
}

/** What the bot tells a customer (R2.2): open until when, or why closed and until when. */
export function openingState(cal: BusinessCalendar, t: Moment): OpeningState {
  const ms = toEpochMs(t);
  const today = cal.day(localDate(cal, ms));
  if (today.intervals.some(([start, end]) => start <= ms && ms < end)) return { open: true, closesAt: closingAfter(cal, ms) };

  const opensAt = nextOpeningAfter(cal, t);
  const first = today.intervals[0];
  const last = today.intervals[today.intervals.length - 1];
  let reason: ClosedReason;
  if (!first || !last) reason = today.holiday ? "holiday" : "rest_day";
  else reason = ms < first[0] || ms >= last[1] ? "night" : "lunch";
  return today.holiday ? { open: false, reason, opensAt, holidayName: today.holiday.name } : { open: false, reason, opensAt };
}

/** The end of the open stretch containing `ms`, following windows that touch (24-hour days); null if none within 2 years. */
function closingAfter(cal: BusinessCalendar, ms: number): Date | null {
  let closesAt: number | undefined;
  for (const [start, end] of openIntervals(cal, ms, horizonDays)) {
    if (closesAt !== undefined && start !== closesAt) return new Date(closesAt);
    closesAt = end;
  }
  return closesAt === undefined || isOpenAt(cal, new Date(closesAt)) ? null : new Date(closesAt);
}

/** Open intervals from `fromMs` on, in order, clipped to start no earlier than `fromMs`. */
function* openIntervals(cal: BusinessCalendar, fromMs: number, maxDays = Number.POSITIVE_INFINITY): Generator<Interval> {
  let date = localDate(cal, fromMs);
  for (let idle = 0, days = 0; idle < horizonDays && days < maxDays; days++) {
    let found = false;
    for (const [start, end] of cal.day(date).intervals) {
      const clipped = Math.max(start, fromMs);
      if (clipped < end) {
        found = true;
        yield [clipped, end];
      }
    }
    idle = found ? 0 : idle + 1;
    date = date.add({ days: 1 });
  }
}

function localDate(cal: BusinessCalendar, ms: number): Temporal.PlainDate {
  return localDateOf(cal.timeZone, ms);
}

/** The date on the wall calendar of `timeZone` at instant `t`. */
export function localDateOf(timeZone: string, t: Moment | number): Temporal.PlainDate {
  const ms = typeof t === "number" ? t : toEpochMs(t);
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).toPlainDate();
}
