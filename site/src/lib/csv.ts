// CSV downloads of the site's tables, safe to open in a spreadsheet.

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A text cell starting like a formula would run in a spreadsheet; a leading quote keeps it text.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows of plain objects → CSV with a header row, CRLF line ends (RFC 4180). */
export function toCsv<T extends object>(rows: T[], columns: Array<keyof T & string>): string {
  const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
