import type { Dashboard } from "../../tickets/index.js";

/** A CSV field: quoted when it holds a separator, a quote or a line break; a leading = + - @ is defused for spreadsheets. */
function field(value: unknown): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@]/.test(text) && Number.isNaN(Number(text))) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const rounded = (value: number | null) => (value === null ? "" : Math.round(value * 10) / 10);

/**
 * The dashboard's period as CSV, one row per day and department: what the charts draw, for a
 * spreadsheet. Day-wide figures (response and resolution times, ratings) repeat on each row of the day.
 */
export function dashboardCsv(numbers: Dashboard, departmentName: (id: string) => string, header: string[]): string {
  const rows = [header];
  for (const day of numbers.daily) {
    for (const { departmentId } of numbers.perDepartment) {
      rows.push(
        [
          day.date,
          departmentName(departmentId),
          day.opened[departmentId] ?? 0,
          day.resolved[departmentId] ?? 0,
          day.breached[departmentId] ?? 0,
          rounded(day.firstResponseMinutes),
          rounded(day.resolutionMinutes),
          day.rating.count,
          rounded(day.rating.average),
        ].map(String),
      );
    }
  }
  // A BOM so that spreadsheet programs read the Vietnamese names as UTF-8.
  return `\uFEFF${rows.map((row) => row.map(field).join(",")).join("\r\n")}\r\n`;
}
