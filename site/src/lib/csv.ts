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

/**
 * CSV text (RFC 4180, as DuckDB writes it) → rows of cells, for the list page reading a list's file in the browser. An
 * unquoted empty cell is null (DuckDB's NULL); a quoted one is the empty string.
 */
export function parseCsv(text: string): Array<Array<string | null>> {
  const rows: Array<Array<string | null>> = [];
  let row: Array<string | null> = [];
  let i = 0;
  while (i < text.length) {
    let value: string | null;
    if (text[i] === '"') {
      let end = i + 1;
      value = '';
      for (;;) {
        const quote = text.indexOf('"', end);
        if (quote < 0) throw new Error('A quoted CSV cell is not closed.');
        value += text.slice(end, quote);
        if (text[quote + 1] !== '"') {
          i = quote + 1;
          break;
        }
        value += '"';
        end = quote + 2;
      }
    } else {
      let end = i;
      while (end < text.length && !',\r\n'.includes(text[end]!)) end += 1;
      value = end === i ? null : text.slice(i, end);
      i = end;
    }
    row.push(value);
    if (text[i] === ',') i += 1;
    else {
      if (text[i] === '\r') i += 1;
      if (text[i] === '\n') i += 1;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}
