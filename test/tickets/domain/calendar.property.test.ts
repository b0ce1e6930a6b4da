import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WeeklyCalendar } from "../../../src/policy/policy.schema.js";
import {
  addWorkingMinutes,
  type BusinessCalendar,
  departmentCalendar,
  generalDutyCalendar,
  isOpenAt,
  nextOpeningAfter,
  workingMinutesBetween,
} from "../../../src/tickets/domain/calendar.js";
import { holidayCalendar } from "../../../src/tickets/domain/holidays.js";
import { generalDutyHours, officeWeek, rules2026, technicalWeek, timeZone } from "./fixtures.js";

const holidays = holidayCalendar(rules2026);
// A zone with daylight saving and a window across the 02:00–03:00 changes, to check that minutes are real minutes.
const berlinWeek: WeeklyCalendar = {
  ...officeWeek,
  saturday: [{ start: "01:00", end: "04:00" }],
  sunday: [
    { start: "00:30", end: "03:30" },
    { start: "22:00", end: "24:00" },
  ],
};
const calendars: [string, BusinessCalendar][] = [
  ["office", departmentCalendar({ timeZone, week: officeWeek, holidays })],
  ["technical", departmentCalendar({ timeZone, week: technicalWeek, holidays })],
  ["general duty", generalDutyCalendar({ timeZone, hours: generalDutyHours, holidays })],
  ["Berlin", departmentCalendar({ timeZone: "Europe/Berlin", week: berlinWeek, holidays })],
];

// 2025-06 to 2028-06, to the millisecond.
const instant = fc.integer({ min: Date.UTC(2025, 5, 1), max: Date.UTC(2028, 5, 1) }).map((ms) => new Date(ms));
const minutes = fc.integer({ min: 0, max: 20_000 });

describe.each(calendars)("R2.2 R2.4 working-time arithmetic properties (%s)", (_name, cal) => {
  it("workingMinutesBetween(t, addWorkingMinutes(t, m)) is m, from an open instant", () => {
    fc.assert(
      fc.property(instant, minutes, (t, m) => {
        const open = nextOpeningAfter(cal, t);
        if (open === null) return;
        expect(workingMinutesBetween(cal, open, addWorkingMinutes(cal, open, m))).toBe(m);
      }),
    );
  });

  it("and from any instant, open or closed", () => {
    fc.assert(
      fc.property(instant, minutes, (t, m) => {
        expect(workingMinutesBetween(cal, t, addWorkingMinutes(cal, t, m))).toBe(m);
      }),
    );
  });

  it("deadlines are monotonic in the start time and in the minutes", () => {
    fc.assert(
      fc.property(instant, instant, minutes, minutes, (a, b, m, n) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(addWorkingMinutes(cal, early, m).getTime()).toBeLessThanOrEqual(addWorkingMinutes(cal, late, m).getTime());
        const [few, many] = m <= n ? [m, n] : [n, m];
        expect(addWorkingMinutes(cal, a, few).getTime()).toBeLessThanOrEqual(addWorkingMinutes(cal, a, many).getTime());
      }),
    );
  });

  it("nextOpeningAfter(t) is open, is t itself when t is open, and no open time lies before it", () => {
    fc.assert(
      fc.property(instant, (t) => {
        const next = nextOpeningAfter(cal, t);
        expect(next).not.toBeNull();
        if (next === null) return;
        expect(isOpenAt(cal, next)).toBe(true);
        if (isOpenAt(cal, t)) expect(next.getTime()).toBe(t.getTime());
        else expect(next.getTime()).toBeGreaterThan(t.getTime());
        expect(workingMinutesBetween(cal, t, next)).toBe(0);
      }),
    );
  });
});

describe("R2.2 daylight saving: window lengths are real elapsed time", () => {
  const berlin = calendars[3]?.[1];
  it("Sat 28/3/2026 01:00–04:00 is 3 h; Sun 29/3 00:30–03:30 loses the skipped hour", () => {
    if (!berlin) throw new Error("no Berlin calendar");
    expect(workingMinutesBetween(berlin, new Date("2026-03-27T23:00:00Z"), new Date("2026-03-28T23:00:00Z"))).toBe(180);
    // 00:30 CET is 23:30Z; 03:30 CEST is 01:30Z: two real hours.
    expect(workingMinutesBetween(berlin, new Date("2026-03-28T23:00:00Z"), new Date("2026-03-29T06:00:00Z"))).toBe(120);
  });
});
