/** CSV text as rows of cells: quotes as in RFC 4180, one delimiter, any line ends, a leading BOM dropped. */

/**
 * The rows of a CSV body split on `delimiter` (and on the full-width comma "，" too where
 * `fullWidthComma`, as Chinese input methods type it). A quote opens a quoted cell at the start of
 * a cell (after spaces); `""` inside one is a quote.
 */
export function splitCsv(text: string, delimiter: string, fullWidthComma = false): string[][] {
  const body = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === delimiter || (fullWidthComma && ch === '，')) {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** The first line of a CSV body that holds something. */
export function firstCsvLine(text: string): string {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
}
