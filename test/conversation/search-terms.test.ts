import { describe, expect, it } from "vitest";
import { contentTerms, searchTerm } from "../../src/conversation/search-terms.js";

describe("FAQ search terms", () => {
  it("folds diacritics and case", () => {
    expect(searchTerm("Miền")).toBe("mien");
    expect(searchTerm("ĐỔI")).toBe("doi");
  });

  it("merges the i/y spellings of one syllable (kỹ/kĩ, lý/lí, công ty/ti)", () => {
    expect(searchTerm("kỹ")).toBe("ki");
    expect(searchTerm("kĩ")).toBe("ki");
    expect(searchTerm("lý")).toBe(searchTerm("lí"));
    expect(searchTerm("ty")).toBe(searchTerm("ti"));
    expect(searchTerm("quý")).toBe("quy"); // qu+y is not a variant pair
  });

  it("drops an English plural s, never a double s", () => {
    expect(searchTerm("domains")).toBe("domain");
    expect(searchTerm("Nameservers")).toBe("nameserver");
    expect(searchTerm("address")).toBe("address");
    expect(searchTerm("dns")).toBe("dns");
  });

  it("drops words that carry no topic, in both languages", () => {
    for (const word of ["ạ", "ơi", "nhé", "tôi", "của", "không", "được", "xin", "chào", "the", "how", "do", "please", "hello"]) {
      expect(searchTerm(word), word).toBeNull();
    }
  });

  it("keeps Vietnamese topic syllables that look like English stopwords", () => {
    for (const word of ["in", "số", "nợ", "máy", "an", "mã", "chi", "giờ"]) expect(searchTerm(word), word).not.toBeNull();
  });

  it("reduces a sentence to its distinct topic words, in order", () => {
    expect(contentTerms("Cho em hỏi cách gia hạn tên miền với ạ")).toEqual(["gia", "han", "ten", "mien"]);
    expect(contentTerms("How do I renew my domains?")).toEqual(["renew", "domain"]);
    expect(contentTerms("tên miền, tên miền")).toEqual(["ten", "mien"]);
    expect(contentTerms("Xin chào shop ạ")).toEqual([]);
  });

  it("is stable when applied twice (the search runs it on its own output)", () => {
    for (const word of ["domains", "https", "kỹ", "Đổi", "passes"]) {
      const once = searchTerm(word);
      expect(once === null ? null : searchTerm(once), word).toBe(once);
    }
  });
});
