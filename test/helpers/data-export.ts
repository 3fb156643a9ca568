/**
 * A strict reader of the Salesforce Data Export dialect for tests: every field double-quoted,
 * quotes doubled, LF line ends. Anything else throws, so a test proves the dialect, not just the rows.
 */
export function parseQuotedCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') throw new Error(`unquoted field at offset ${i}: ${JSON.stringify(text.slice(i, i + 30))}`);
    let field = '';
    for (i++; ; ) {
      const q = text.indexOf('"', i);
      if (q < 0) throw new Error('unterminated quoted field');
      field += text.slice(i, q);
      if (text[q + 1] === '"') {
        field += '"';
        i = q + 2;
      } else {
        i = q + 1;
        break;
      }
    }
    row.push(field);
    if (text[i] === ',') i++;
    else if (text[i] === '\n') {
      rows.push(row);
      row = [];
      i++;
    } else throw new Error(`unexpected ${JSON.stringify(text[i])} after a field at offset ${i}`);
  }
  if (row.length) throw new Error('last line has no LF');
  return rows;
}
