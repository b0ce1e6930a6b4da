import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { customerCategoryName } from "../../src/policy/names.js";
import { loadDefaultPolicy } from "../support/default-policy.js";

/**
 * One tone-mark style for every text customers and staff read: the old style ("hóa", "hủy", "thủy",
 * "khỏe", "tòa"), the mark on the first vowel of oa, oe, uy when no consonant ends the syllable.
 * "quý" is right in both styles: after q, the u belongs to the consonant.
 */
const NEW_STYLE = /(?<![qQ])[oOuU](?:[áàảãạÁÀẢÃẠ]|[éèẻẽẹÉÈẺẼẸ]|[ýỳỷỹỵÝỲỶỸỴ])(?!\p{L})/u;
const OLD_STYLE = /(?<![qQ])(?:[óòỏõọÓÒỎÕỌ][aAeE]|[úùủũụÚÙỦŨỤ][yY])(?!\p{L})/u;

const root = join(import.meta.dirname, "..", "..");
const localeFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? localeFiles(join(dir, entry.name)) : entry.name.endsWith(".json") ? [join(dir, entry.name)] : [],
  );
const texts = [...localeFiles(join(root, "locales")), join(root, "policy", "default.policy.yaml")];

/** Every word written in the new style, with where it is. */
function newStyleWords(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line, index) =>
      line
        .split(/[^\p{L}]+/u)
        .filter((word) => NEW_STYLE.test(word))
        .map((word) => `${file.slice(root.length + 1)}:${index + 1} ${word}`),
    );
}

describe("tone marks", () => {
  it("tells the two styles apart", () => {
    for (const word of ["hoá", "huỷ", "thuỷ", "khoẻ", "toà", "Hoà", "uỷ"]) expect(NEW_STYLE.test(word), word).toBe(true);
    for (const word of ["hóa", "hủy", "thủy", "khỏe", "tòa", "quý", "quỳ", "hoàn", "khoản", "ngoài", "thuyền", "xoáy"])
      expect(NEW_STYLE.test(word), word).toBe(false);
    for (const word of ["hóa", "hủy", "thủy", "khỏe", "tòa"]) expect(OLD_STYLE.test(word), word).toBe(true);
  });

  it("uses the old style in every locale file and the policy", () => {
    expect(texts.length).toBeGreaterThan(2);
    expect(texts.flatMap(newStyleWords)).toEqual([]);
  });

  it("names Customer care in full", () => {
    for (const file of texts) expect(readFileSync(file, "utf8"), file).not.toMatch(/Phòng khách hàng/);
  });

  it("shows customers category names in their words, short enough for a phone", async () => {
    const policy = await loadDefaultPolicy();
    const names = policy.categories.flatMap((c) => [customerCategoryName(policy, c.id, "vi"), customerCategoryName(policy, c.id, "en")]);
    expect(names).toContain("Lập trình giao diện");
    expect(names.filter((name) => /công nợ|Viết giao diện|Payments due/i.test(name))).toEqual([]);
    expect(names.filter((name) => name.length > 45)).toEqual([]);
  });
});
