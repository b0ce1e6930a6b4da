import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import i18next, { type Resource, type ResourceLanguage } from "i18next";
import { type Language, languages } from "../kernel/language.js";

/**
 * The platform-neutral i18n layer: plain i18next, shared by the
 * conversation engine, the channel adapters and the Slack app. Vietnamese first, English second.
 */

export const defaultLanguage: Language = "vi";
export const defaultNamespace = "common";

/** `locales/<language>/<namespace>.json`, next to `src/`. */
export const localeDir = fileURLToPath(new URL("../../locales", import.meta.url));

export interface Translator {
  /** Renders `key` (or `namespace:key`); a missing English text falls back to Vietnamese. */
  t(language: Language, key: string, vars?: Record<string, unknown>): string;
  /** True when `key` has a text (a plural key counts when it has plural forms). */
  has(key: string): boolean;
}

/** Reads every namespace file of every language synchronously: the texts are known before the first message. */
export function loadLocaleResources(dir: string = localeDir): Resource {
  const resources: Resource = {};
  for (const language of languages) {
    const bundle: ResourceLanguage = {};
    const languageDir = path.join(dir, language);
    for (const file of readdirSync(languageDir).filter((name) => name.endsWith(".json"))) {
      const namespace = file.slice(0, -".json".length);
      bundle[namespace] = JSON.parse(readFileSync(path.join(languageDir, file), "utf8")) as ResourceLanguage;
    }
    resources[language] = bundle;
  }
  return resources;
}

export async function createTranslator(dir: string = localeDir): Promise<Translator> {
  const resources = loadLocaleResources(dir);
  const namespaces = [...new Set(Object.values(resources).flatMap((bundle) => Object.keys(bundle)))];
  // An instance of our own: the global i18next singleton would be shared with any library using it.
  const i18n = i18next.createInstance();
  await i18n.init({
    resources,
    lng: defaultLanguage,
    fallbackLng: defaultLanguage,
    supportedLngs: [...languages],
    ns: namespaces,
    defaultNS: defaultNamespace,
    initAsync: false,
    // Output is plain text, not HTML: each channel renderer escapes for its own format.
    interpolation: { escapeValue: false },
  });
  return {
    t: (language, key, vars) => String(i18n.t(key, { ...vars, lng: language })),
    has: (key) => i18n.exists(key, { lng: defaultLanguage }) || i18n.exists(key, { lng: defaultLanguage, count: 0 }),
  };
}
