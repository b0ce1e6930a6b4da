/** PostgreSQL's INT4, the type of ticket numbers and sequence numbers: a larger number finds nothing but an error. */
export const INT4_MAX = 2_147_483_647;

/** The non-negative whole number `digits` spells, when it fits an INT4 column; null for anything else. */
export function int4Of(digits: string): number | null {
  if (!/^\d{1,10}$/.test(digits)) return null;
  const value = Number(digits);
  return value <= INT4_MAX ? value : null;
}
