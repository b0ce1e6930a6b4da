import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as CalendarModule from "../../../src/tickets/domain/calendar.js";
import type { BusinessCalendar } from "../../../src/tickets/domain/calendar.js";
import type * as HolidaysModule from "../../../src/tickets/domain/holidays.js";
import { defaultHolidayRules, generalDutyHours, local, officeWeek, rules2026, technicalWeek, timeZone, vn } from "./fixtures.js";

/**
 * Each zone gets freshly imported modules (so no cache filled under another zone hides a difference) and checks
 * first that Node really switched zone: the results must not depend on the process time zone.
 */
const zones = [
  { zone: "UTC", offsetMinutes: 0 },
  { zone: "America/Los_Angeles", offsetMinutes: 480 },
  { zone: "Pacific/Kiritimati", offsetMinutes: -840 },
];

describe.each(zones)("R2.2 R2.6 business calendar under process TZ=$zone", ({ zone, offsetMinutes }) => {
  const savedZone = process.env.TZ;
  let cal: typeof CalendarModule;
  let office: BusinessCalendar;
  let technical: BusinessCalendar;
  let generalDuty: BusinessCalendar;
  let officeWithoutSchedule: BusinessCalendar;
  let holidays: HolidaysModule.HolidayCalendar;

  beforeAll(async () => {
    process.env.TZ = zone;
    vi.resetModules();
    cal = await import("../../../src/tickets/domain/calendar.js");
    const h: typeof HolidaysModule = await import("../../../src/tickets/domain/holidays.js");
    holidays = h.holidayCalendar(rules2026);
    office = cal.departmentCalendar({ timeZone, week: officeWeek, holidays });
    technical = cal.departmentCalendar({ timeZone, week: technicalWeek, holidays });
    generalDuty = cal.generalDutyCalendar({ timeZone, hours: generalDutyHours, holidays });
    officeWithoutSchedule = cal.departmentCalendar({ timeZone, week: officeWeek, holidays: h.holidayCalendar(defaultHolidayRules) });
  });
  afterAll(() => {
    if (savedZone === undefined) delete process.env.TZ;
    else process.env.TZ = savedZone;
  });

  it("Node honours the zone", () => {
    expect(new Date("2026-01-15T00:00:00Z").getTimezoneOffset()).toBe(offsetMinutes);
  });

  describe("R2.2 addWorkingMinutes on the office calendar (8:00–12:00, 13:30–16:30, Mon–Fri)", () => {
    const cases = [
      {
        title: "Fri 24/4 16:00 + 4 h, over the weekend and the Mon 27/4 substitute day",
        start: "2026-04-24T16:00",
        minutes: 240,
        due: "2026-04-28T11:30",
      },
      {
        title: "Wed 29/4 11:00 + 8 h, over 30/4 and 1/5, lands on a window end",
        start: "2026-04-29T11:00",
        minutes: 480,
        due: "2026-05-04T12:00",
      },
      { title: "Mon 12:15 (lunch) + 1 h counts from 13:30", start: "2026-03-09T12:15", minutes: 60, due: "2026-03-09T14:30" },
      { title: "Sun 26/4 09:00 + 2 h with Mon 27/4 off", start: "2026-04-26T09:00", minutes: 120, due: "2026-04-28T10:00" },
      { title: "Fri 13/2 15:00 + 6 h, over Tết", start: "2026-02-13T15:00", minutes: 360, due: "2026-02-23T14:00" },
      { title: "Mon 08:00 + 4 h is exactly 12:00, not 13:30", start: "2026-03-09T08:00", minutes: 240, due: "2026-03-09T12:00" },
      {
        title: "Wed 31/12/2025 16:00 + 1 h, over New Year and the 2/1 bridge day",
        start: "2025-12-31T16:00",
        minutes: 60,
        due: "2026-01-05T08:30",
      },
      { title: "make-up Sat 10/1 11:00 + 3 h works that Saturday", start: "2026-01-10T11:00", minutes: 180, due: "2026-01-10T15:30" },
    ];
    it.each(cases)("$title → $due", ({ start, minutes, due }) => {
      const result = cal.addWorkingMinutes(office, vn(start), minutes);
      expect(local(result)).toBe(due);
      expect(result.getTime()).toBe(vn(due).getTime());
      expect(cal.workingMinutesBetween(office, vn(start), result)).toBe(minutes);
    });

    it("01:00Z + 30 min is 08:30 in Hanoi (01:30Z)", () => {
      expect(cal.addWorkingMinutes(office, new Date("2026-03-09T01:00:00Z"), 30).toISOString()).toBe("2026-03-09T01:30:00.000Z");
    });

    it("without the 2026 schedule, Sat 10/1 11:00 + 3 h waits for Monday", () => {
      expect(local(cal.addWorkingMinutes(officeWithoutSchedule, vn("2026-01-10T11:00"), 180))).toBe("2026-01-12T11:00");
    });

    it("adding 0 minutes gives the start itself; negative minutes are refused", () => {
      expect(cal.addWorkingMinutes(office, vn("2026-03-08T20:00"), 0).getTime()).toBe(vn("2026-03-08T20:00").getTime());
      expect(() => cal.addWorkingMinutes(office, vn("2026-03-09T09:00"), -1)).toThrow(RangeError);
    });

    it("workingMinutesBetween counts only open minutes, negative when reversed", () => {
      expect(cal.workingMinutesBetween(office, vn("2026-03-09T00:00"), vn("2026-03-16T00:00"))).toBe(5 * 420);
      expect(cal.workingMinutesBetween(office, vn("2026-02-13T00:00"), vn("2026-02-24T00:00"))).toBe(2 * 420);
      expect(cal.workingMinutesBetween(office, vn("2026-03-09T17:00"), vn("2026-03-09T09:00"))).toBe(-360);
      expect(cal.workingMinutesBetween(technical, vn("2026-03-09T23:00"), vn("2026-03-10T01:00"))).toBe(120);
    });
  });

  describe("R2.2 openingState: what the bot tells a customer", () => {
    it("open in the morning until 12:00", () => {
      expect(state(office, "2026-03-09T09:00")).toEqual({ open: true, closesAt: "2026-03-09T12:00" });
    });

    it("12:15 is the lunch break: closed, opens at 13:30", () => {
      expect(cal.isOpenAt(office, vn("2026-03-09T12:15"))).toBe(false);
      expect(state(office, "2026-03-09T12:15")).toEqual({ open: false, reason: "lunch", opensAt: "2026-03-09T13:30" });
    });

    it("at 23:00 on a weekday Technical is open (24 h until Saturday) and the office is closed until 08:00", () => {
      expect(cal.isOpenAt(technical, vn("2026-03-10T23:00"))).toBe(true);
      expect(state(technical, "2026-03-10T23:00")).toEqual({ open: true, closesAt: "2026-03-14T00:00" });
      expect(state(office, "2026-03-10T23:00")).toEqual({ open: false, reason: "night", opensAt: "2026-03-11T08:00" });
      expect(state(office, "2026-03-11T06:30")).toEqual({ open: false, reason: "night", opensAt: "2026-03-11T08:00" });
    });

    it("a window end is closed, a window start is open", () => {
      expect(cal.isOpenAt(office, vn("2026-03-09T12:00"))).toBe(false);
      expect(cal.isOpenAt(office, vn("2026-03-09T13:30"))).toBe(true);
      expect(cal.isOpenAt(office, vn("2026-03-09T16:30"))).toBe(false);
    });

    it("the weekend is a rest day for both, until Monday", () => {
      expect(state(office, "2026-03-14T10:00")).toEqual({ open: false, reason: "rest_day", opensAt: "2026-03-16T08:00" });
      expect(state(technical, "2026-03-15T22:00")).toEqual({ open: false, reason: "rest_day", opensAt: "2026-03-16T00:00" });
    });

    it("R2.6 Tết 2026: departments are closed with the holiday's name until Mon 23/2", () => {
      const tet = { vi: "Tết Nguyên đán", en: "Lunar New Year" };
      expect(state(office, "2026-02-17T09:00")).toEqual({ open: false, reason: "holiday", opensAt: "2026-02-23T08:00", holidayName: tet });
      expect(state(technical, "2026-02-17T09:00")).toEqual({
        open: false,
        reason: "holiday",
        opensAt: "2026-02-23T00:00",
        holidayName: tet,
      });
      expect(state(technical, "2026-02-13T22:00")).toEqual({ open: true, closesAt: "2026-02-14T00:00" });
    });

    it("a holiday on a Sunday and its Monday substitute are holidays (26–27/4/2026)", () => {
      expect(state(office, "2026-04-26T09:00")).toMatchObject({ reason: "holiday", holidayName: { vi: "Giỗ Tổ Hùng Vương" } });
      expect(state(office, "2026-04-27T09:00")).toMatchObject({ reason: "holiday", opensAt: "2026-04-28T08:00" });
    });

    it("make-up Saturday 10/1/2026 keeps office hours; without the 2026 schedule it is a rest day", () => {
      expect(state(office, "2026-01-10T09:00")).toEqual({ open: true, closesAt: "2026-01-10T12:00" });
      expect(state(office, "2026-01-10T12:15")).toEqual({ open: false, reason: "lunch", opensAt: "2026-01-10T13:30" });
      expect(state(technical, "2026-01-10T03:00")).toEqual({ open: true, closesAt: "2026-01-11T00:00" });
      expect(state(officeWithoutSchedule, "2026-01-10T09:00")).toEqual({ open: false, reason: "rest_day", opensAt: "2026-01-12T08:00" });
      expect(state(office, "2026-01-02T09:00")).toMatchObject({ open: false, reason: "holiday", opensAt: "2026-01-05T08:00" });
    });

    it("nextOpeningAfter is the instant itself when open, the next opening otherwise, null if none within 2 years", () => {
      expect(cal.nextOpeningAfter(office, vn("2026-03-09T10:17"))?.getTime()).toBe(vn("2026-03-09T10:17").getTime());
      expect(local(cal.nextOpeningAfter(office, vn("2026-03-13T16:30")))).toBe("2026-03-16T08:00");
      const never = cal.departmentCalendar({
        timeZone,
        week: { ...officeWeek, monday: [], tuesday: [], wednesday: [], thursday: [], friday: [] },
        holidays,
      });
      expect(cal.nextOpeningAfter(never, vn("2026-03-09T10:00"))).toBeNull();
      expect(cal.openingState(never, vn("2026-03-09T10:00"))).toEqual({ open: false, reason: "rest_day", opensAt: null });
      expect(() => cal.addWorkingMinutes(never, vn("2026-03-09T10:00"), 1)).toThrow(RangeError);
    });
  });

  describe("R2.6 general duty", () => {
    it("is open on Tết (17/2/2026 09:00) and says so", () => {
      expect(cal.isGeneralDutyDay(holidays, "2026-02-17")).toBe(true);
      expect(state(generalDuty, "2026-02-17T09:00")).toEqual({ open: true, closesAt: "2026-02-17T17:00" });
      expect(state(generalDuty, "2026-02-17T20:00")).toEqual({
        open: false,
        reason: "night",
        opensAt: "2026-02-18T08:00",
        holidayName: { vi: "Tết Nguyên đán", en: "Lunar New Year" },
      });
    });

    it("is closed on a normal weekday, until the next day off (Sun 26/4/2026, Hùng Kings' day)", () => {
      expect(cal.isGeneralDutyDay(holidays, "2026-03-10")).toBe(false);
      expect(state(generalDuty, "2026-03-10T09:00")).toEqual({ open: false, reason: "rest_day", opensAt: "2026-04-26T08:00" });
    });

    it("covers substitute and extra days off (27/4, 2/1) but not make-up Saturdays (10/1)", () => {
      expect(cal.isGeneralDutyDay(holidays, "2026-04-27")).toBe(true);
      expect(cal.isOpenAt(generalDuty, vn("2026-01-02T10:00"))).toBe(true);
      expect(cal.isOpenAt(generalDuty, vn("2026-01-10T10:00"))).toBe(false);
    });
  });

  /** The state with instants shown as Hanoi wall-clock times. */
  function state(calendar: BusinessCalendar, at: string) {
    const s = cal.openingState(calendar, vn(at));
    return s.open ? { ...s, closesAt: local(s.closesAt) } : { ...s, opensAt: local(s.opensAt) };
  }
});
