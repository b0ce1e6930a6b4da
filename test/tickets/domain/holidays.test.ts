import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { additionalDayOffName, type HolidayRules, holidayCalendar, holidaysOfYear } from "../../../src/tickets/domain/holidays.js";
import { defaultHolidayRules, rules2026 } from "./fixtures.js";

/** "date kind" lines, compact enough to write each year out in full. */
const summary = (rules: HolidayRules, year: number) => holidaysOfYear(rules, year).map((h) => `${h.date} ${h.kind}`);
const weekday = (date: string) => Temporal.PlainDate.from(date).toLocaleString("en", { weekday: "short" });

describe("R2.6 Vietnamese public holidays computed from the rules", () => {
  it("2026: Tết eve Mon 16/2 and Tết 17–20/2 fall on weekdays; Hùng Kings' Sun 26/4 moves to Mon 27/4", () => {
    expect(summary(defaultHolidayRules, 2026)).toEqual([
      "2026-01-01 holiday",
      "2026-02-16 holiday",
      "2026-02-17 holiday",
      "2026-02-18 holiday",
      "2026-02-19 holiday",
      "2026-02-20 holiday",
      "2026-04-26 holiday",
      "2026-04-27 substitute",
      "2026-04-30 holiday",
      "2026-05-01 holiday",
      "2026-09-01 holiday",
      "2026-09-02 holiday",
    ]);
  });

  it("a holiday on a Sunday (Hùng Kings' day, 26/4/2026) gives a named substitute day on Monday (Art. 111)", () => {
    const [sunday, monday] = holidaysOfYear(defaultHolidayRules, 2026).filter((h) => h.date.startsWith("2026-04-2"));
    expect(weekday("2026-04-26")).toBe("Sun");
    expect(sunday).toEqual({ date: "2026-04-26", kind: "holiday", name: { vi: "Giỗ Tổ Hùng Vương", en: "Hung Kings' Commemoration Day" } });
    expect(monday).toEqual({
      date: "2026-04-27",
      kind: "substitute",
      name: { vi: "Nghỉ bù Giỗ Tổ Hùng Vương", en: "Hung Kings' Commemoration Day (substitute day off)" },
    });
  });

  it("2026 with the official schedule: bridge days 2/1 and 31/8 off, Saturdays 10/1 and 22/8 worked", () => {
    expect(summary(rules2026, 2026)).toEqual([
      "2026-01-01 holiday",
      "2026-01-02 extra",
      "2026-02-16 holiday",
      "2026-02-17 holiday",
      "2026-02-18 holiday",
      "2026-02-19 holiday",
      "2026-02-20 holiday",
      "2026-04-26 holiday",
      "2026-04-27 substitute",
      "2026-04-30 holiday",
      "2026-05-01 holiday",
      "2026-08-31 extra",
      "2026-09-01 holiday",
      "2026-09-02 holiday",
    ]);
    const calendar = holidayCalendar(rules2026);
    expect(calendar.holidayOn("2026-01-02")?.name).toEqual(additionalDayOffName);
    expect(calendar.isWorkingDayOverride("2026-01-10")).toBe(true);
    expect(calendar.isWorkingDayOverride(Temporal.PlainDate.from("2026-08-22"))).toBe(true);
    expect(calendar.isWorkingDayOverride("2026-01-17")).toBe(false);
    expect(calendar.isDayOff("2026-01-10")).toBe(false);
  });

  it("Tết 2026 (official 14/2–22/2) is off on every weekday from Mon 16/2 to Fri 20/2", () => {
    const calendar = holidayCalendar(rules2026);
    const days = Array.from({ length: 9 }, (_, i) => Temporal.PlainDate.from("2026-02-14").add({ days: i }));
    expect(days.map((d) => `${d.toString().slice(5)} ${weekday(d.toString())} ${calendar.isDayOff(d) ? "off" : "-"}`)).toEqual([
      "02-14 Sat -",
      "02-15 Sun -",
      "02-16 Mon off",
      "02-17 Tue off",
      "02-18 Wed off",
      "02-19 Thu off",
      "02-20 Fri off",
      "02-21 Sat -",
      "02-22 Sun -",
    ]);
    expect(calendar.holidayOn("2026-02-17")?.name.vi).toBe("Tết Nguyên đán");
    expect(calendar.holidayOn("2026-02-16")?.name.vi).toBe("Giao thừa Tết Nguyên đán");
  });

  it("2027: Tết starts on Sat 6/2, so its Saturday and Sunday move to Wed 10/2 and Thu 11/2; Sat 1/5 moves to Mon 3/5", () => {
    expect(["2027-02-05", "2027-02-06", "2027-02-07", "2027-05-01"].map(weekday)).toEqual(["Fri", "Sat", "Sun", "Sat"]);
    expect(summary(defaultHolidayRules, 2027)).toEqual([
      "2027-01-01 holiday",
      "2027-02-05 holiday",
      "2027-02-06 holiday",
      "2027-02-07 holiday",
      "2027-02-08 holiday",
      "2027-02-09 holiday",
      "2027-02-10 substitute",
      "2027-02-11 substitute",
      "2027-04-16 holiday",
      "2027-04-30 holiday",
      "2027-05-01 holiday",
      "2027-05-03 substitute",
      "2027-09-01 holiday",
      "2027-09-02 holiday",
    ]);
  });

  it("2028: Sat 1/1, Sat 29/1 (Tết), Sun 30/4 and Sat 2/9 each give the next working day not already off", () => {
    expect(["2028-01-01", "2028-01-29", "2028-04-30", "2028-09-02"].map(weekday)).toEqual(["Sat", "Sat", "Sun", "Sat"]);
    expect(summary(defaultHolidayRules, 2028)).toEqual([
      "2028-01-01 holiday",
      "2028-01-03 substitute",
      "2028-01-25 holiday",
      "2028-01-26 holiday",
      "2028-01-27 holiday",
      "2028-01-28 holiday",
      "2028-01-29 holiday",
      "2028-01-31 substitute",
      "2028-04-04 holiday",
      "2028-04-30 holiday",
      // Mon 1/5 is itself a holiday, so 30/4 is made up on Tue 2/5.
      "2028-05-01 holiday",
      "2028-05-02 substitute",
      "2028-09-01 holiday",
      "2028-09-02 holiday",
      "2028-09-04 substitute",
    ]);
  });

  it("Tết eve of the lunar year that began in 2029 belongs to 2030 (1/2/2030), not to 2029", () => {
    // 2029's own Tết eve is the last day of the lunar year that began in 2028.
    expect(summary(defaultHolidayRules, 2029).slice(0, 3)).toEqual(["2029-01-01 holiday", "2029-02-12 holiday", "2029-02-13 holiday"]);
    expect(summary(defaultHolidayRules, 2030).slice(0, 3)).toEqual(["2030-01-01 holiday", "2030-02-01 holiday", "2030-02-02 holiday"]);
    expect(holidaysOfYear(defaultHolidayRules, 2029).every((h) => h.date.startsWith("2029-"))).toBe(true);
  });

  it("notDaysOff removes a computed day; an extra day off pushes a substitute further", () => {
    const rules: HolidayRules = {
      ...defaultHolidayRules,
      years: { "2026": { daysOff: ["2026-04-27"], workingDays: [], notDaysOff: ["2026-09-02"] } },
    };
    const days = summary(rules, 2026);
    expect(days).toContain("2026-04-27 extra");
    expect(days).toContain("2026-04-28 substitute");
    expect(days).not.toContain("2026-09-02 holiday");
  });

  it("a substitute that crosses into the next year belongs to that year", () => {
    const rules: HolidayRules = {
      ...defaultHolidayRules,
      solar: [{ date: "12-31", days: 1, name: { vi: "Cuối năm", en: "Year end" } }],
      lunar: [],
    };
    // 31/12/2028 is a Sunday: its substitute is Mon 1/1/2029.
    expect(summary(rules, 2028)).toEqual(["2028-12-31 holiday"]);
    expect(summary(rules, 2029)).toEqual(["2029-01-01 substitute", "2029-12-31 holiday"]);
  });

  it("a 29 February rule is skipped in common years", () => {
    const rules: HolidayRules = {
      ...defaultHolidayRules,
      solar: [{ date: "02-29", days: 1, name: { vi: "Nhuận", en: "Leap day" } }],
      lunar: [],
    };
    expect(summary(rules, 2028)).toEqual(["2028-02-29 holiday"]);
    expect(summary(rules, 2027)).toEqual([]);
  });

  it("the holiday calendar answers for any year and accepts dates as strings or PlainDate", () => {
    const calendar = holidayCalendar(defaultHolidayRules);
    expect(calendar.isDayOff("2027-02-10")).toBe(true);
    expect(calendar.isDayOff(Temporal.PlainDate.from("2027-02-12"))).toBe(false);
    expect(calendar.holidaysOfYear(2028)).toHaveLength(15);
    expect(calendar.holidayOn("2030-02-02")?.name.en).toBe("Lunar New Year");
  });
});
