import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { readSpreadsheet } from './spreadsheet.ts';
import { readRows } from './import.rules.ts';
import { VISIT_IMPORT } from './visit-import.rules.ts';
import { decodeText, detectEncoding, type CsvEncoding } from './text-encoding.rules.ts';
import { csvFile, encodeText, encodeWindows1258, FILE_ENCODINGS } from './test-files.ts';

const TODAY = '2026-11-25';
const SAMPLE = 'Hộ Đỗ Thị Ánh, bản Khuổi Phầy: ổn định';

function refusal(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('detecting a CSV file’s encoding', () => {
  it.each([
    ['a UTF-8 BOM', encodeText(SAMPLE, 'utf-8-bom'), { encoding: 'utf-8', bomLength: 3 }],
    ['a UTF-16LE BOM (Excel "Unicode text")', encodeText(SAMPLE, 'utf-16le-bom'), { encoding: 'utf-16le', bomLength: 2 }],
    ['a UTF-16BE BOM', encodeText(SAMPLE, 'utf-16be-bom'), { encoding: 'utf-16be', bomLength: 2 }],
    ['UTF-8 without a BOM', encodeText(SAMPLE, 'utf-8'), { encoding: 'utf-8', bomLength: 0 }],
    ['plain ASCII', Buffer.from('ma_thon,nhan_ho'), { encoding: 'utf-8', bomLength: 0 }],
    ['bytes that are not UTF-8', encodeWindows1258(SAMPLE), { encoding: 'windows-1258', bomLength: 0 }],
    ['UTF-16LE without a BOM (NULs after the ASCII)', Buffer.from('ma_thon\tnhan_ho', 'utf16le'), { encoding: 'utf-16le', bomLength: 0 }],
    ['UTF-16BE without a BOM (NULs before the ASCII)', Buffer.from('ma_thon\tnhan_ho', 'utf16le').swap16(), { encoding: 'utf-16be', bomLength: 0 }],
  ])('takes %s as %j', (_case, bytes, expected) => {
    expect(detectEncoding(bytes)).toEqual(expected);
  });

  it('does not take a UTF-8 file with one stray NUL for UTF-16', () => {
    expect(detectEncoding(Buffer.from('ma_thon,nhan_ho\r\n06625001,Hộ 1\0\r\n')).encoding).toBe('utf-8');
  });
});

describe('decoding a CSV file', () => {
  it.each(FILE_ENCODINGS)('reads %s back to the same NFC text', (encoding) => {
    const text = decodeText(encodeText(SAMPLE, encoding));
    expect(text).toBe(SAMPLE);
    expect(text.normalize('NFC')).toBe(text);
  });

  it('joins Windows-1258’s separate tone marks to their letters (NFC), so labels compare equal', () => {
    const bytes = encodeWindows1258('Hộ');
    // H, ô, combining dot below: the code page has no "ộ".
    expect([...bytes]).toEqual([0x48, 0xf4, 0xf2]);
    expect(decodeText(bytes)).toBe('Hộ');
    expect(decodeText(bytes)).toHaveLength(2);
  });

  it('normalises UTF-8 written decomposed (as macOS writes file names) too', () => {
    expect(decodeText(Buffer.from('Hộ'.normalize('NFD'), 'utf8'))).toBe('Hộ');
  });

  it.each<[string, CsvEncoding, Buffer]>([
    ['Windows-1258', 'windows-1258', encodeWindows1258(SAMPLE)],
    ['UTF-16LE without a BOM', 'utf-16le', Buffer.from(SAMPLE, 'utf16le')],
    ['UTF-16BE without a BOM', 'utf-16be', Buffer.from(SAMPLE, 'utf16le').swap16()],
    ['UTF-8 with its BOM', 'utf-8', encodeText(SAMPLE, 'utf-8-bom')],
  ])('reads %s when the caller names it', (_case, encoding, bytes) => {
    expect(decodeText(bytes, encoding)).toBe(SAMPLE);
  });

  it.each<[string, CsvEncoding, Buffer, string]>([
    ['Windows-1258 bytes said to be UTF-8', 'utf-8', encodeWindows1258(SAMPLE), 'import.bad_encoding'],
    ['a UTF-8 BOM said to be Windows-1258', 'windows-1258', encodeText(SAMPLE, 'utf-8-bom'), 'import.encoding_mismatch'],
    ['a UTF-16LE BOM said to be UTF-16BE', 'utf-16be', encodeText(SAMPLE, 'utf-16le-bom'), 'import.encoding_mismatch'],
    ['UTF-16 of an odd length', 'utf-16le', Buffer.from([0x41, 0, 0x42]), 'import.bad_encoding'],
    ['UTF-16 with half a surrogate pair', 'utf-16le', Buffer.from([0x00, 0xd8, 0x41, 0x00]), 'import.bad_encoding'],
    ['a byte Windows-1258 has no letter for', 'auto', Buffer.from([0x48, 0x81]), 'import.bad_encoding'],
  ])('refuses %s, in both languages', (_case, encoding, bytes, code) => {
    const error = refusal(() => decodeText(bytes, encoding));
    expect(error.code).toBe(code);
    expect(error.text.vi).not.toBe(error.text.en);
    expect(error.text.en).toContain('UTF');
  });
});

/** Every Vietnamese vowel with every tone, in both cases, and đ/Đ: what a label or a note can hold. */
const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const LETTERS = [...VOWELS.flatMap((v) => TONES.map((t) => (v + t).normalize('NFC'))), 'đ', 'b', 'c', 'g', 'h', 'k', 'n', 'p', 't', 'x'];
const vietnameseChar = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...LETTERS, ...LETTERS.map((l) => l.toUpperCase())) },
  { weight: 2, arbitrary: fc.constantFrom(' ', '0', '7', '-', '.') },
  // What a CSV writer must quote.
  { weight: 1, arbitrary: fc.constantFrom(',', ';', '"', '\t', '\n') },
);
const vietnamese = (maxLength: number) => fc.array(vietnameseChar, { minLength: 1, maxLength }).map((chars) => chars.join(''));

const visitRow = fc.record({
  label: vietnamese(20).map((name) => `Hộ ${name}`),
  day: fc.integer({ min: 1, max: 28 }),
  people: fc.integer({ min: 0, max: 6 }),
  note: vietnamese(80),
});

describe('any Vietnamese text, in any encoding', () => {
  it('reads the same sheet and imports the same rows from each encoding, with its usual separator', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(visitRow, { minLength: 1, maxLength: 8 }), async (rows) => {
        const table = [
          VISIT_IMPORT.columns.map((c) => c.header),
          ...rows.map((r) => ['06625001', r.label, `${String(r.day).padStart(2, '0')}/07/2025`, String(r.people), '', '', '', '', '1', '', '0', r.note]),
        ];
        const expected = { header: table[0], rows: table.slice(1).map((cells, i) => ({ row: i + 2, cells })) };
        for (const encoding of FILE_ENCODINGS) {
          const sheet = await readSpreadsheet(csvFile(table, encoding));
          expect(sheet, encoding).toEqual(expected);
        }
        // The rows an import takes are then the same too; one run of the checks is enough to show it.
        const read = readRows(VISIT_IMPORT, await readSpreadsheet(csvFile(table, 'windows-1258')), TODAY);
        const reference = readRows(VISIT_IMPORT, await readSpreadsheet(csvFile(table, 'utf-8')), TODAY);
        expect({ rows: read.rows, issues: read.issues }).toEqual({ rows: reference.rows, issues: reference.issues });
      }),
      { numRuns: 60 },
    );
  });

  it('reads a file in any encoding when the caller names it, whatever the separator', async () => {
    await fc.assert(
      fc.asyncProperty(vietnamese(40), fc.constantFrom(',', ';', '\t'), async (text, separator) => {
        const table = [['ma_thon', 'ghi_chu'], ['06625001', text]];
        const forced: Record<string, CsvEncoding> = { 'utf-8': 'utf-8', 'utf-8-bom': 'utf-8', 'utf-16le-bom': 'utf-16le', 'utf-16be-bom': 'utf-16be', 'windows-1258': 'windows-1258' };
        for (const encoding of FILE_ENCODINGS) {
          const sheet = await readSpreadsheet(csvFile(table, encoding, separator), { encoding: forced[encoding] });
          expect(sheet.rows[0]?.cells, encoding).toEqual(['06625001', text]);
        }
      }),
      { numRuns: 60 },
    );
  });
});
