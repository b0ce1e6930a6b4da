import { describe, expect, it } from "vitest";
import { fold, words } from "../../src/kernel/text.js";

describe("fold: Vietnamese text compared without diacritics", () => {
  it.each([
    ["Đổi mật khẩu email", "doi mat khau email"],
    ["Đổi mật khẩu email".normalize("NFD"), "doi mat khau email"],
    ["hoà / hòa", "hoa / hoa"],
    ["Thuỷ / Thủy", "thuy / thuy"],
    ["Ðà Nẵng", "da nang"], // U+00D0 Eth, used by legacy text in place of Đ
    ["KỸ THUẬT", "ky thuat"],
    ["ưu đãi ơn ăn", "uu dai on an"],
    ["already ascii 123", "already ascii 123"],
  ])("%s → %s", (input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  it("makes old and new tone placement equal", () => {
    expect(fold("hoá đơn")).toBe(fold("hóa đơn"));
    expect("hoá đơn").not.toBe("hóa đơn");
  });
});

describe("words: folded syllables", () => {
  it("splits on anything that is not a letter or a digit", () => {
    expect(words("Cho em hỏi: tên-miền .vn giá bao nhiêu?")).toEqual(["cho", "em", "hoi", "ten", "mien", "vn", "gia", "bao", "nhieu"]);
    expect(words("Thứ 7, 8h30!")).toEqual(["thu", "7", "8h30"]);
  });

  it("keeps decomposed (NFD) input in one piece", () => {
    expect(words("Đổi mật khẩu".normalize("NFD"))).toEqual(["doi", "mat", "khau"]);
  });

  it("gives nothing for blank or punctuation-only text", () => {
    expect(words("")).toEqual([]);
    expect(words("  ?! … ")).toEqual([]);
  });
});
