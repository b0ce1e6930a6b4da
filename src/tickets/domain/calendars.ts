import type { Policy } from "../../policy/policy.schema.js";
import { type BusinessCalendar, departmentCalendar, generalDutyCalendar } from "./business-calendar.js";
import { localDateOf, type Moment } from "./calendar.js";
import { type HolidayCalendar, holidayCalendar } from "./holidays.js";

/** The calendars of one policy. Holidays are computed per year on first use; days are memoised by each calendar. */
export interface PolicyCalendars {
  readonly timeZone: string;
  readonly holidays: HolidayCalendar;
  /** Open only on days off (R2.6). */
  readonly generalDuty: BusinessCalendar;
  /** The calendar of a department (R2.2), undefined for an unknown id. */
  department(departmentId: string): BusinessCalendar | undefined;
  /** Whether `t` falls on a day off in the policy's time zone: general duty's days (R2.6). */
  isDayOffAt(t: Moment): boolean;
}

export type CalendarPolicy = Pick<Policy, "company" | "calendars" | "departments" | "generalDuty" | "holidays">;

export function buildCalendars(policy: CalendarPolicy): PolicyCalendars {
  const timeZone = policy.company.timeZone;
  const holidays = holidayCalendar(policy.holidays);
  // Departments sharing a weekly calendar share one BusinessCalendar, and so its memoised days.
  const byCalendarId = new Map<string, BusinessCalendar>();
  const calendarOf = (calendarId: string): BusinessCalendar | undefined => {
    const week = policy.calendars[calendarId];
    if (!week) return undefined;
    let calendar = byCalendarId.get(calendarId);
    if (!calendar) {
      calendar = departmentCalendar({ timeZone, week, holidays });
      byCalendarId.set(calendarId, calendar);
    }
    return calendar;
  };
  const departments = new Map(policy.departments.map((d) => [d.id, d.calendar]));
  return {
    timeZone,
    holidays,
    generalDuty: generalDutyCalendar({ timeZone, hours: policy.generalDuty.hours, holidays }),
    department: (departmentId) => {
      const calendarId = departments.get(departmentId);
      return calendarId === undefined ? undefined : calendarOf(calendarId);
    },
    isDayOffAt: (t) => holidays.isDayOff(localDateOf(timeZone, t)),
  };
}
