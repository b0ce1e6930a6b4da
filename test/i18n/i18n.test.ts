import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTranslator, type Translator } from "../../src/i18n/i18n.js";
import { pickLanguage } from "../../src/kernel/language.js";

function writeLocales(dir: string, files: Record<string, Record<string, unknown>>) {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), JSON.stringify(content));
  }
}

describe("createTranslator on a fixture locale folder", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hotro-locales-"));
  let translator: Translator;

  beforeAll(async () => {
    writeLocales(dir, {
      "vi/common.json": {
        buttons: { yes: "Có" },
        hello: "Chào {{name}}",
        answers_other: "{{count}} câu trả lời",
        onlyVi: "Chỉ có tiếng Việt",
        markup: "Gõ {{text}}",
      },
      "en/common.json": {
        buttons: { yes: "Yes" },
        hello: "Hello {{name}}",
        answers_one: "one answer",
        answers_other: "{{count}} answers",
        markup: "Type {{text}}",
      },
      "vi/conversation.json": { welcome: "Xin chào quý khách" },
      "en/conversation.json": { welcome: "Welcome" },
    });
    translator = await createTranslator(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("renders the requested language from the default namespace", () => {
    expect(translator.t("vi", "buttons.yes")).toBe("Có");
    expect(translator.t("en", "buttons.yes")).toBe("Yes");
  });

  it("reads other namespaces as namespace:key (one namespace per file)", () => {
    expect(translator.t("vi", "conversation:welcome")).toBe("Xin chào quý khách");
    expect(translator.t("en", "conversation:welcome")).toBe("Welcome");
  });

  it("interpolates variables without HTML escaping (channel renderers escape)", () => {
    expect(translator.t("en", "hello", { name: "Lan" })).toBe("Hello Lan");
    expect(translator.t("vi", "markup", { text: "<b>a & b</b>" })).toBe("Gõ <b>a & b</b>");
  });

  it("uses plural forms: vi has only 'other', en has 'one' and 'other'", () => {
    expect(translator.t("vi", "answers", { count: 1 })).toBe("1 câu trả lời");
    expect(translator.t("vi", "answers", { count: 3 })).toBe("3 câu trả lời");
    expect(translator.t("en", "answers", { count: 1 })).toBe("one answer");
    expect(translator.t("en", "answers", { count: 3 })).toBe("3 answers");
  });

  it("falls back to Vietnamese when an English text is missing", () => {
    expect(translator.t("en", "onlyVi")).toBe("Chỉ có tiếng Việt");
  });

  it("has() knows plain keys, plural keys and other namespaces, not missing ones", () => {
    expect(translator.has("buttons.yes")).toBe(true);
    expect(translator.has("answers")).toBe(true);
    expect(translator.has("conversation:welcome")).toBe(true);
    expect(translator.has("buttons.maybe")).toBe(false);
    expect(translator.has("conversation:missing")).toBe(false);
  });

  it("returns the key itself for a missing key (visible in tests, never empty)", () => {
    expect(translator.t("vi", "nothing.here")).toBe("nothing.here");
  });
});

describe("createTranslator on the bundled locales", () => {
  it("loads common.json in both languages", async () => {
    const translator = await createTranslator();
    expect(translator.t("vi", "buttons.yes")).toBe("Có");
    expect(translator.t("en", "buttons.yes")).toBe("Yes");
    expect(translator.t("vi", "language.name")).toBe("Tiếng Việt");
    expect(translator.t("en", "faq.found", { count: 1 })).toBe("We found one answer that may help you:");
    expect(translator.t("vi", "faq.found", { count: 2 })).toContain("2 câu trả lời");
  });
});

describe("pickLanguage from a Telegram language_code", () => {
  it.each([
    ["vi", "vi"],
    ["vi-VN", "vi"],
    ["VI_vn", "vi"],
    ["en", "en"],
    ["en-US", "en"],
    ["en-GB", "en"],
  ] as const)("%s gives %s", (code, language) => {
    expect(pickLanguage(code, "vi")).toBe(language);
    expect(pickLanguage(code, "en")).toBe(language);
  });

  it.each([undefined, "", "fr", "pt-BR", "zh-hans", "vie", "english"])("%s gives the fallback", (code) => {
    expect(pickLanguage(code, "vi")).toBe("vi");
    expect(pickLanguage(code, "en")).toBe("en");
  });
});
