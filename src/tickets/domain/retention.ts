/**
 * The retention rule (Decree 13/2023: kept no longer than the purpose needs): a closed ticket's
 * messages, files and contact details are kept `months` after it was closed, then anonymised.
 */

/** Tickets closed before this instant are due for anonymisation (calendar months, in UTC). */
export function retentionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now.getTime());
  const day = cutoff.getUTCDate();
  cutoff.setUTCDate(1);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  // 31 March minus one month is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(cutoff.getUTCFullYear(), cutoff.getUTCMonth() + 1, 0)).getUTCDate();
  cutoff.setUTCDate(Math.min(day, lastDay));
  return cutoff;
}

/** A copy of a customer's data made before this instant is due for removal. */
export function exportCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}

/** What an erased text reads as: a mark, never empty (platforms refuse empty blocks). */
export const ERASED_TEXT = "—";

/**
 * Timeline events whose data holds words someone typed (a reply, a note, a reason) or an address a
 * platform answered with: those fields are what a wipe replaces; codes, numbers and times stay.
 */
export const FREE_TEXT_EVENT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  replied: ["text"],
  note: ["text"],
  rejected: ["reason"],
  reassigned: ["reason"],
  delivery_failed: ["reason"],
};
