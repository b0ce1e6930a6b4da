import { describe, expect, it } from "vitest";
import { departmentCalendar } from "../../../src/tickets/domain/calendar.js";
import { holidayCalendar } from "../../../src/tickets/domain/holidays.js";
import { chainStartDeadline, resolutionDeadline, slaState, warningTimes } from "../../../src/tickets/domain/sla.js";
import { local, officeWeek, rules2026, timeZone, vn } from "./fixtures.js";

const office = departmentCalendar({ timeZone, week: officeWeek, holidays: holidayCalendar(rules2026) });
const sevenDays = { hours: 168, basis: "wall_clock" } as const;

describe("R2.4 resolution deadline", () => {
  it("is 168 calendar hours after the ticket became ready, whatever the day", () => {
    expect(local(resolutionDeadline(vn("2026-03-09T10:00"), sevenDays))).toBe("2026-03-16T10:00");
    // Wall-clock time runs through Tết.
    expect(local(resolutionDeadline(vn("2026-02-13T15:00"), sevenDays))).toBe("2026-02-20T15:00");
    expect(resolutionDeadline(new Date("2026-03-09T03:00:00.123Z"), sevenDays).toISOString()).toBe("2026-03-16T03:00:00.123Z");
  });

  it("on a working_time basis counts only the department's open hours (7 h a day)", () => {
    // 168 h = 24 office days of 7 h: 2/3 to 2/4 2026.
    expect(local(resolutionDeadline(vn("2026-03-02T08:00"), { hours: 168, basis: "working_time" }, office))).toBe("2026-04-02T16:30");
    // Fri 16:00: 30 min, then Mon 27/4 is off, Tue 7 h, Wed 30 min.
    expect(local(resolutionDeadline(vn("2026-04-24T16:00"), { hours: 8, basis: "working_time" }, office))).toBe("2026-04-29T08:30");
  });

  it("a working_time deadline without a calendar is a programming error", () => {
    expect(() => resolutionDeadline(vn("2026-03-09T10:00"), { hours: 8, basis: "working_time" })).toThrow(TypeError);
  });
});

describe("R2.5 chain start deadline", () => {
  it("is 24 h after the previous issue was resolved", () => {
    expect(local(chainStartDeadline(vn("2026-03-09T15:00"), { hours: 24, basis: "wall_clock" }))).toBe("2026-03-10T15:00");
  });

  it("on a working_time basis skips nights and weekends", () => {
    // Fri 16:00: 30 min; Mon, Tue, Wed 7 h each (21 h 30); Thu 08:00 + 2 h 30.
    expect(local(chainStartDeadline(vn("2026-03-13T16:00"), { hours: 24, basis: "working_time" }, office))).toBe("2026-03-19T10:30");
  });
});

describe("R2.4 warnings and SLA state", () => {
  const start = vn("2026-03-09T10:00");
  const deadline = resolutionDeadline(start, sevenDays);

  it("warns at 50% and 90% of the time, in order whatever the order of the fractions", () => {
    expect(warningTimes(start, deadline, [0.9, 0.5]).map(local)).toEqual(["2026-03-12T22:00", "2026-03-15T17:12"]);
    expect(warningTimes(start, deadline, [])).toEqual([]);
  });

  it("with a calendar, warns at fractions of open time", () => {
    const officeStart = vn("2026-03-09T08:00");
    const officeDeadline = resolutionDeadline(officeStart, { hours: 14, basis: "working_time" }, office);
    expect(local(officeDeadline)).toBe("2026-03-10T16:30");
    // 7 h lands on Monday's closing time; 12.6 h = Monday 7 h + Tuesday 4 h + 1 h 36 after lunch.
    expect(warningTimes(officeStart, officeDeadline, [0.5, 0.9], office).map(local)).toEqual(["2026-03-09T16:30", "2026-03-10T15:06"]);
  });

  it("goes on_track → warning (from the first warning) → breached (at the deadline)", () => {
    const fractions = [0.5, 0.9];
    const at = (t: string) => slaState(start, deadline, fractions, vn(t));
    expect(at("2026-03-09T10:00")).toBe("on_track");
    expect(at("2026-03-12T21:59")).toBe("on_track");
    expect(at("2026-03-12T22:00")).toBe("warning");
    expect(at("2026-03-15T17:12")).toBe("warning");
    expect(slaState(start, deadline, fractions, new Date(deadline.getTime() - 1))).toBe("warning");
    expect(slaState(start, deadline, fractions, deadline)).toBe("breached");
    expect(at("2026-03-20T00:00")).toBe("breached");
  });

  it("without warning fractions stays on_track until the deadline", () => {
    expect(slaState(start, deadline, [], vn("2026-03-16T09:59"))).toBe("on_track");
    expect(slaState(start, deadline, [], vn("2026-03-16T10:00"))).toBe("breached");
  });

  it("with a calendar, the state follows open time", () => {
    const officeStart = vn("2026-03-09T08:00");
    const officeDeadline = vn("2026-03-10T16:30");
    expect(slaState(officeStart, officeDeadline, [0.5], vn("2026-03-09T16:29"), office)).toBe("on_track");
    expect(slaState(officeStart, officeDeadline, [0.5], vn("2026-03-09T16:30"), office)).toBe("warning");
  });
});
