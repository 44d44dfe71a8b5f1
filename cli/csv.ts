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

/** The encodings a text file is read in: UTF-8 (with or without BOM), UTF-16 with its BOM, else the local one. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'windows-1252';

/**
 * A text file's bytes as text. UTF-8 and UTF-16 (Excel's "Unicode Text") are known by their BOM or
 * read as strict UTF-8; anything else was saved in a local code page, as Excel saves "CSV" on
 * Windows: GBK (read as GB18030, its superset) for a Chinese user, Windows-1252 otherwise. A file
 * read in a local code page carries a note, so a user whose names look wrong knows why.
 */
export function decodeText(bytes: Uint8Array, locale: 'en' | 'zh-CN'): { text: string; encoding: TextEncoding } {
  const b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(b.subarray(3)), encoding: 'utf-8' };
  if (b[0] === 0xff && b[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(b.subarray(2)), encoding: 'utf-16le' };
  if (b[0] === 0xfe && b[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(b.subarray(2)), encoding: 'utf-16be' };
  const strict = (encoding: 'utf-8' | 'gb18030'): string | undefined => {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(b);
    } catch {
      return undefined;
    }
  };
  const utf8 = strict('utf-8');
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };
  const gbk = locale === 'zh-CN' ? strict('gb18030') : undefined;
  if (gbk !== undefined) return { text: gbk, encoding: 'gb18030' };
  // Windows-1252 gives a character for every byte.
  return { text: new TextDecoder('windows-1252').decode(b), encoding: 'windows-1252' };
}

const ENCODING_NOTES: Readonly<Record<'en' | 'zh-CN', (file: string, encoding: string) => string>> = {
  en: (file, encoding) => `${file} is not saved as UTF-8; it was read as ${encoding}. If a name below looks wrong, save the file as "CSV UTF-8" and run again.`,
  'zh-CN': (file, encoding) => `${file} 不是 UTF-8 编码，已按 ${encoding} 读取。如下面的姓名显示不对，请将文件另存为“CSV UTF-8”后重新运行。`,
};

/** The note for a file read in a local code page (none for UTF-8 and UTF-16). */
export function encodingNote(file: string, encoding: TextEncoding, locale: 'en' | 'zh-CN'): string | undefined {
  if (encoding === 'gb18030') return ENCODING_NOTES[locale](file, 'GBK (GB18030)');
  if (encoding === 'windows-1252') return ENCODING_NOTES[locale](file, 'Windows-1252');
  return undefined;
}
