/**
 * Contact details a customer types in the intake form: Vietnamese phone numbers in their usual
 * spellings, email syntax, and a website or domain. Pure.
 */

export type ContactValue = { kind: "phone"; value: string } | { kind: "email"; value: string };

/** Mobile prefixes 03/05/07/08/09 and landlines 02x, 10 digits with the 0; "+84"/"84" replaces the 0. */
export function normalizePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s.\-()]/g, "");
  const national = compact.startsWith("+84")
    ? `0${compact.slice(3)}`
    : compact.startsWith("84") && compact.length === 11
      ? `0${compact.slice(2)}`
      : compact;
  return /^0[235789]\d{8}$/.test(national) ? national : null;
}

const emailPattern =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function normalizeEmail(input: string): string | null {
  const value = input.trim();
  if (value.length > 254 || value.includes("..")) return null;
  return emailPattern.test(value) && /\.[A-Za-z]{2,}$/.test(value) ? value.toLowerCase() : null;
}

export function parseContact(input: string): ContactValue | null {
  const email = normalizeEmail(input);
  if (email) return { kind: "email", value: email };
  const phone = normalizePhone(input);
  return phone ? { kind: "phone", value: phone } : null;
}

/** A domain or a URL; kept as the host the customer means ("https://www.congty.vn/lien-he" → "www.congty.vn"). */
export function normalizeWebsite(input: string): string | null {
  const value = input.trim().toLowerCase();
  const host = value.replace(/^https?:\/\//, "").split(/[/?#]/)[0] ?? "";
  return /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/.test(host) ? host : null;
}

/** A person's name: 2–100 characters, at least one letter, no digits-only input. */
export function normalizeName(input: string): string | null {
  const value = input.trim().replace(/\s+/g, " ");
  return value.length >= 2 && value.length <= 100 && /\p{L}/u.test(value) && !/\d{3,}/.test(value) ? value : null;
}
