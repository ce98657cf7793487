import iconv from 'iconv-lite';

/**
 * CSV files as the tools Vietnamese offices use write them, for tests: each encoding with the
 * byte-order mark and separator its usual writer puts (Excel's "CSV UTF-8" a BOM, its "Unicode
 * text" UTF-16LE with tabs, its plain "CSV" on a Vietnamese Windows Windows-1258 with semicolons).
 */
export const FILE_ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16be-bom', 'windows-1258'] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

export const USUAL_SEPARATOR: Record<FileEncoding, string> = {
  'utf-8': ',',
  'utf-8-bom': ';',
  'utf-16le-bom': '\t',
  'utf-16be-bom': '\t',
  'windows-1258': ';',
};

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * Text in Windows-1258, as Windows writes it: the code page has the letters â ă ê ô ơ ư đ but most
 * tone marks only as combining characters, so each letter is split into base and tone mark.
 * (iconv-lite alone writes "?" for a precomposed "ộ".)
 */
export function encodeWindows1258(text: string): Buffer {
  const split = Array.from(text, (ch) => {
    const parts = ch.normalize('NFD');
    const tones = parts.match(TONE_MARKS)?.join('') ?? '';
    return parts.replace(TONE_MARKS, '').normalize('NFC') + tones;
  }).join('');
  return iconv.encode(split, 'windows-1258');
}

export function encodeText(text: string, encoding: FileEncoding): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.from(`\uFEFF${text}`, 'utf8');
    case 'utf-16le-bom':
      return Buffer.from(`\uFEFF${text}`, 'utf16le');
    case 'utf-16be-bom':
      return Buffer.from(`\uFEFF${text}`, 'utf16le').swap16();
    case 'windows-1258':
      return encodeWindows1258(text);
  }
}

/** RFC 4180 lines: a cell holding a separator, a quote or a line break is quoted. */
export function csvText(rows: readonly (readonly string[])[], separator: string): string {
  const cell = (c: string) => (c.includes(separator) || /[",;\t\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  return `${rows.map((r) => r.map(cell).join(separator)).join('\r\n')}\r\n`;
}

/** A CSV file of these rows (header first) in an encoding, with its usual separator unless told. */
export const csvFile = (rows: readonly (readonly string[])[], encoding: FileEncoding, separator = USUAL_SEPARATOR[encoding]) =>
  encodeText(csvText(rows, separator), encoding);
