// CSV downloads of the site's tables, safe to open in a spreadsheet.

type Value = string | number | boolean | null | undefined;

function cell(value: Value): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A text cell starting like a formula would run in a spreadsheet; a leading quote keeps it text.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header and rows of values → CSV with CRLF line ends (RFC 4180). */
export function rowsToCsv(header: string[], rows: Value[][]): string {
  const lines = [header.map(cell).join(','), ...rows.map((row) => row.map(cell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** Rows of plain objects → CSV with a header row of the column names. */
export function toCsv<T extends object>(rows: T[], columns: Array<keyof T & string>): string {
  return rowsToCsv(columns, rows.map((row) => columns.map((c) => row[c] as Value)));
}
