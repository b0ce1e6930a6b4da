/** Building an Intl.DateTimeFormat costs far more than using one: one per zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The product's one date format, "dd/MM/yyyy HH:mm", in a time zone: every text a person reads uses it. */
export function formatDateTime(at: Date, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** The date alone, "dd/MM/yyyy", in a time zone. */
export const formatDate = (at: Date, timeZone: string): string => formatDateTime(at, timeZone).slice(0, 10);
