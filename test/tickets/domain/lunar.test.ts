import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { lunarToSolar } from "../../../src/tickets/domain/lunar.js";

// vn-and-libs.md §1.2: verified against astronomy-engine new moons at UTC+7.
const reference = [
  { year: 2024, tet: "2024-02-10", hungKings: "2024-04-18", tetEve: "2024-02-09" },
  { year: 2025, tet: "2025-01-29", hungKings: "2025-04-07", tetEve: "2025-01-28" },
  { year: 2026, tet: "2026-02-17", hungKings: "2026-04-26", tetEve: "2026-02-16" },
  { year: 2027, tet: "2027-02-06", hungKings: "2027-04-16", tetEve: "2027-02-05" },
  { year: 2028, tet: "2028-01-26", hungKings: "2028-04-04", tetEve: "2028-01-25" },
  { year: 2029, tet: "2029-02-13", hungKings: "2029-04-23", tetEve: "2029-02-12" },
  { year: 2030, tet: "2030-02-02", hungKings: "2030-04-12", tetEve: "2030-02-01" },
];

describe("R2.6 lunar holidays on the Vietnamese calendar", () => {
  it.each(reference)("Tết $year is $tet (lunar 1/1)", ({ year, tet }) => {
    expect(lunarToSolar(year, 1, 1)).toBe(tet);
  });

  it.each(reference)("Hùng Kings' day $year is $hungKings (lunar 10/3)", ({ year, hungKings }) => {
    expect(lunarToSolar(year, 3, 10)).toBe(hungKings);
  });

  it.each(reference)("Tết eve before Tết $year is $tetEve (last day of month 12 of the previous lunar year)", ({ year, tetEve }) => {
    expect(lunarToSolar(year - 1, 12, "last")).toBe(tetEve);
  });

  it("Tết 2030 is 2 February in Vietnam (3 February in China: the new moon is 23:08 at UTC+7)", () => {
    expect(lunarToSolar(2030, 1, 1)).toBe("2030-02-02");
  });

  it("knows 29- and 30-day months: month 12 of the lunar year 2023 had 30 days, of 2024 only 29", () => {
    expect(lunarToSolar(2023, 12, 30)).toBe("2024-02-09");
    expect(lunarToSolar(2023, 12, "last")).toBe("2024-02-09");
    expect(lunarToSolar(2024, 12, 29)).toBe("2025-01-28");
    // "30 Tết" in a short year means its last day, not the first day of the new year.
    expect(lunarToSolar(2024, 12, 30)).toBe("2025-01-28");
  });

  it("Tết eve is always the day before Tết", () => {
    for (let year = 2020; year <= 2040; year++) {
      const eve = Temporal.PlainDate.from(lunarToSolar(year - 1, 12, "last"));
      expect(eve.add({ days: 1 }).toString()).toBe(lunarToSolar(year, 1, 1));
    }
  });

  it("counts non-leap months after a leap month (2025 has a leap 6th month)", () => {
    expect(lunarToSolar(2025, 6, 1)).toBe("2025-06-25");
    expect(lunarToSolar(2025, 7, 1)).toBe("2025-08-23");
  });

  it("refuses months and days that do not exist", () => {
    expect(() => lunarToSolar(2026, 13, 1)).toThrow(RangeError);
    expect(() => lunarToSolar(2026, 1, 31)).toThrow(RangeError);
    expect(() => lunarToSolar(2026, 1, 0)).toThrow(RangeError);
  });
});
