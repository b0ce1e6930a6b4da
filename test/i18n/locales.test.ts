import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createTranslator, localeDir, type Translator } from "../../src/i18n/i18n.js";
import { type Language, languages as supportedLanguages } from "../../src/kernel/language.js";

/**
 * Every namespace file under locales/ is checked, including the ones other modules add later:
 * vi and en have the same files and the same keys, every text renders, placeholders agree.
 */

const pluralSuffix = /_(zero|one|two|few|many|other)$/;
const placeholder = /\{\{\s*([^,}\s]+)[^}]*\}\}/g;

type Forms = Map<string, string>; // plural category ("" for a plain key) → text
type Keys = Map<string, Forms>; // logical key → its forms

function flatten(value: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (typeof value === "string") out.set(prefix, value);
  else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else out.set(prefix, String(value)); // a number or boolean is reported as not a string below
  return out;
}

/** Groups `found_one` / `found_other` under the logical key `found`. */
function logicalKeys(flat: Map<string, string>): Keys {
  const keys: Keys = new Map();
  for (const [key, text] of flat) {
    const category = pluralSuffix.exec(key)?.[1] ?? "";
    const logical = category ? key.slice(0, -category.length - 1) : key;
    const forms = keys.get(logical) ?? new Map<string, string>();
    forms.set(category, text);
    keys.set(logical, forms);
  }
  return keys;
}

function namespaceFiles(language: Language): string[] {
  return readdirSync(path.join(localeDir, language))
    .filter((file) => file.endsWith(".json"))
    .sort();
}

function readNamespace(language: Language, file: string): { raw: Map<string, string>; keys: Keys } {
  const raw = flatten(JSON.parse(readFileSync(path.join(localeDir, language, file), "utf8")), "", new Map());
  return { raw, keys: logicalKeys(raw) };
}

function placeholders(forms: Forms): string[] {
  const names = new Set<string>();
  for (const text of forms.values()) for (const match of text.matchAll(placeholder)) if (match[1]) names.add(match[1]);
  return [...names].sort();
}

const pluralCategories = (language: Language) => new Intl.PluralRules(language).resolvedOptions().pluralCategories.slice().sort();

describe("locales: vi and en stay in step", () => {
  const files = namespaceFiles("vi");
  let translator: Translator;
  beforeAll(async () => {
    translator = await createTranslator();
  });

  it("has the same namespace files in every language, including common.json", () => {
    expect(files).toContain("common.json");
    for (const language of supportedLanguages) expect(namespaceFiles(language)).toEqual(files);
  });

  describe.each(files)("%s", (file) => {
    const namespace = file.slice(0, -".json".length);
    const vi = readNamespace("vi", file);
    const en = readNamespace("en", file);

    it("holds only non-empty strings", () => {
      for (const { raw } of [vi, en]) {
        for (const [key, text] of raw) {
          expect(typeof text, key).toBe("string");
          expect(text.trim(), key).not.toBe("");
        }
      }
    });

    it("has the same keys in vi and en (plural keys compared by their base)", () => {
      const missingInEn = [...vi.keys.keys()].filter((key) => !en.keys.has(key));
      const extraInEn = [...en.keys.keys()].filter((key) => !vi.keys.has(key));
      expect({ missingInEn, extraInEn }).toEqual({ missingInEn: [], extraInEn: [] });
    });

    it("gives each plural key exactly the plural forms of its language (vi: other; en: one, other; _zero optional)", () => {
      for (const [language, { keys }] of [
        ["vi", vi],
        ["en", en],
      ] as const) {
        for (const [key, forms] of keys) {
          if (forms.has("")) {
            expect(forms.size, `${language} ${key} is both plain and plural`).toBe(1);
            continue;
          }
          // i18next also takes an optional `_zero` form for count 0 in any language.
          const categories = [...forms.keys()].filter((category) => category !== "zero").sort();
          expect(categories, `${language} ${key}`).toEqual(pluralCategories(language));
        }
      }
    });

    it("uses the same placeholders in vi and en for each key", () => {
      for (const [key, viForms] of vi.keys) {
        const enForms = en.keys.get(key);
        if (enForms) expect(placeholders(enForms), key).toEqual(placeholders(viForms));
      }
    });

    it("renders every key in both languages with its variables filled in", () => {
      for (const language of supportedLanguages) {
        for (const [key, forms] of (language === "vi" ? vi : en).keys) {
          const vars: Record<string, unknown> = Object.fromEntries(placeholders(forms).map((name) => [name, `‹${name}›`]));
          const counts = forms.has("") ? [undefined] : [1, 2, 5];
          for (const count of counts) {
            const text = translator.t(language, `${namespace}:${key}`, count === undefined ? vars : { ...vars, count });
            expect(text.trim(), `${language} ${namespace}:${key}`).not.toBe("");
            expect(text, `${language} ${namespace}:${key}`).not.toContain("{{");
            expect(text, `${language} ${namespace}:${key} is missing`).not.toBe(key);
            expect(text, `${language} ${namespace}:${key} is missing`).not.toBe(`${namespace}:${key}`);
          }
          expect(translator.has(`${namespace}:${key}`), `${namespace}:${key}`).toBe(true);
        }
      }
    });
  });
});
