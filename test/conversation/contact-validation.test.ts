import { describe, expect, it } from "vitest";
import {
  normalizeEmail,
  normalizeName,
  normalizePhone,
  normalizeWebsite,
  parseContact,
} from "../../src/conversation/contact-validation.js";

describe("intake contact validation", () => {
  it.each([
    ["0903 123 456", "0903123456"],
    ["+84 903 123 456", "0903123456"],
    ["84903123456", "0903123456"],
    ["090.312.3456", "0903123456"],
    ["(028) 3822-1234", null],
  ])("phone %s → %s", (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it("accepts landlines with 10 digits and refuses other shapes", () => {
    expect(normalizePhone("0281234567")).toBe("0281234567");
    for (const bad of ["12345", "0103123456", "+1 415 555 0100", "09031234567"]) expect(normalizePhone(bad), bad).toBeNull();
  });

  it("checks email syntax", () => {
    expect(normalizeEmail("An.Nguyen@CongTy.vn")).toBe("an.nguyen@congty.vn");
    for (const bad of ["an@congty", "an@@congty.vn", "an..b@congty.vn", "an congty.vn"]) expect(normalizeEmail(bad), bad).toBeNull();
    expect(parseContact("an@congty.vn")).toEqual({ kind: "email", value: "an@congty.vn" });
    expect(parseContact("0903 123 456")).toEqual({ kind: "phone", value: "0903123456" });
  });

  it("keeps the host of a website and refuses what is not a domain", () => {
    expect(normalizeWebsite("https://www.congty.com.vn/lien-he?x=1")).toBe("www.congty.com.vn");
    expect(normalizeWebsite("congty.vn")).toBe("congty.vn");
    expect(normalizeWebsite("không có")).toBeNull();
    expect(normalizeName("  Nguyễn   Văn An ")).toBe("Nguyễn Văn An");
    expect(normalizeName("0903123456")).toBeNull();
  });
});
