import type { Translator } from "../i18n/i18n.js";
import type { Language } from "../kernel/language.js";
import { departmentName } from "../policy/names.js";
import type { Policy } from "../policy/policy.schema.js";

/** A use case's refusal in the staff member's language (R4.1 and the reply rules), with its details filled in. */
export function refusalText(
  i18n: Translator,
  policy: Policy,
  language: Language,
  refusal: { code: string; details?: Record<string, unknown> },
): string {
  const details = refusal.details ?? {};
  const vars: Record<string, unknown> = { ...details };
  if (typeof details.status === "string") vars.status = i18n.t(language, `slack:status.${details.status}`);
  if (typeof details.department === "string") vars.department = departmentName(policy, details.department, language);
  // camelCase keys: a code such as claimed_by_other would read as an i18next plural form.
  const key = `slack:refusal.${refusal.code.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())}`;
  return i18n.has(key) ? i18n.t(language, key, vars) : i18n.t(language, "slack:refusal.other", { code: refusal.code });
}
