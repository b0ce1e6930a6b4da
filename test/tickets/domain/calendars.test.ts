import { describe, expect, it } from "vitest";
import { addWorkingMinutes, type BusinessCalendar, openingState } from "../../../src/tickets/domain/calendar.js";
import { buildCalendars, type CalendarPolicy } from "../../../src/tickets/domain/calendars.js";
import { holidaysOfYear } from "../../../src/tickets/domain/holidays.js";
import { loadDefaultPolicy } from "../../support/default-policy.js";
import { generalDutyHours, local, officeWeek, rules2026, technicalWeek, timeZone, vn } from "./fixtures.js";

const name = (en: string) => ({ vi: en, en });
const policy: CalendarPolicy = {
  company: { name: name("Example"), timeZone, languages: ["vi", "en"], defaultLanguage: "vi" },
  calendars: { office: officeWeek, round_the_clock: technicalWeek },
  departments: [
    { id: "sales", name: name("Sales"), calendar: "office", members: [] },
    { id: "design", name: name("Design"), calendar: "office", members: [] },
    { id: "technical", name: name("Technical"), calendar: "round_the_clock", members: [] },
  ],
  generalDuty: { members: [], hours: generalDutyHours },
  holidays: rules2026,
};

/** Wall-clock answers of a calendar to the questions the bot and the SLA ask most. */
function fingerprint(cal: BusinessCalendar) {
  const at = (t: string) => {
    const s = openingState(cal, vn(t));
    return s.open ? `open until ${local(s.closesAt)}` : `${s.reason}, opens ${local(s.opensAt)}`;
  };
  return {
    tet: at("2026-02-17T09:00"),
    makeUpSaturday: at("2026-01-10T09:00"),
    lunch: at("2026-03-09T12:15"),
    night: at("2026-03-10T23:00"),
    substitute: at("2026-04-27T09:00"),
    overTet: local(addWorkingMinutes(cal, vn("2026-02-13T15:00"), 360)),
    overMay: local(addWorkingMinutes(cal, vn("2026-04-29T11:00"), 480)),
  };
}

describe("R2.2 R2.6 calendars of a policy", () => {
  const calendars = buildCalendars(policy);

  it("gives each department the calendar it names, shared between departments with the same one", () => {
    expect(calendars.department("sales")).toBe(calendars.department("design"));
    expect(calendars.department("technical")).not.toBe(calendars.department("sales"));
    expect(calendars.department("unknown")).toBeUndefined();
    expect(calendars.timeZone).toBe("Asia/Ho_Chi_Minh");
  });

  it("office and technical departments answer from their own hours, closed on Tết", () => {
    const sales = calendars.department("sales");
    const technical = calendars.department("technical");
    if (!sales || !technical) throw new Error("missing calendars");
    expect(fingerprint(sales)).toEqual({
      tet: "holiday, opens 2026-02-23T08:00",
      makeUpSaturday: "open until 2026-01-10T12:00",
      lunch: "lunch, opens 2026-03-09T13:30",
      night: "night, opens 2026-03-11T08:00",
      substitute: "holiday, opens 2026-04-28T08:00",
      overTet: "2026-02-23T14:00",
      overMay: "2026-05-04T12:00",
    });
    expect(fingerprint(technical)).toEqual({
      tet: "holiday, opens 2026-02-23T00:00",
      makeUpSaturday: "open until 2026-01-11T00:00",
      lunch: "open until 2026-03-14T00:00",
      night: "open until 2026-03-14T00:00",
      substitute: "holiday, opens 2026-04-28T00:00",
      overTet: "2026-02-13T21:00",
      overMay: "2026-04-29T19:00",
    });
  });

  it("general duty works only on days off; isDayOffAt reads the date in the policy's zone", () => {
    expect(openingState(calendars.generalDuty, vn("2026-02-17T09:00"))).toEqual({ open: true, closesAt: vn("2026-02-17T17:00") });
    expect(openingState(calendars.generalDuty, vn("2026-03-10T09:00"))).toMatchObject({ open: false, reason: "rest_day" });
    // 17:30Z on 16/2 is already 00:30 on 17/2 in Hanoi.
    expect(calendars.isDayOffAt(new Date("2026-02-16T17:30:00Z"))).toBe(true);
    expect(calendars.isDayOffAt(new Date("2026-02-20T17:30:00Z"))).toBe(false);
    expect(calendars.holidays.holidaysOfYear(2026)).toHaveLength(14);
  });

  it("the bundled default policy gives the same days off and answers as the rules written out here", async () => {
    const defaults = await loadDefaultPolicy();
    const fromDefaults = buildCalendars(defaults);
    for (const year of [2026, 2027, 2028, 2030]) {
      const dates = (list: { date: string; kind: string }[]) => list.map((h) => `${h.date} ${h.kind}`);
      expect(dates(holidaysOfYear(defaults.holidays, year)), String(year)).toEqual(dates(holidaysOfYear(rules2026, year)));
    }
    const [sales, technical] = [fromDefaults.department("sales"), fromDefaults.department("technical")];
    const [mySales, myTechnical] = [calendars.department("sales"), calendars.department("technical")];
    if (!sales || !technical || !mySales || !myTechnical) throw new Error("missing calendars");
    expect(fingerprint(sales)).toEqual(fingerprint(mySales));
    expect(fingerprint(technical)).toEqual(fingerprint(myTechnical));
    expect(openingState(fromDefaults.generalDuty, vn("2026-02-17T09:00"))).toMatchObject({ open: true });
  });
});
