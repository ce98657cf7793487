import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { readSpreadsheet } from '../platform/spreadsheet.ts';
import { readRows } from './import.rules.ts';
import { VISIT_IMPORT } from './visit-import.rules.ts';
import { decodeText, detectEncoding, type CsvEncoding } from '../platform/text-encoding.rules.ts';
import { csvFile, encodeText, encodeWindows1258, FILE_ENCODINGS, type FileEncoding } from '../../testing/test-files.ts';

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
        const table = [
          ['ma_thon', 'ghi_chu'],
          ['06625001', text],
        ];
        const forced: Record<string, CsvEncoding> = {
          'utf-8': 'utf-8',
          'utf-8-bom': 'utf-8',
          'utf-16le-bom': 'utf-16le',
          'utf-16be-bom': 'utf-16be',
          'windows-1258': 'windows-1258',
        };
        for (const encoding of FILE_ENCODINGS) {
          const sheet = await readSpreadsheet(csvFile(table, encoding, separator), { encoding: forced[encoding] });
          expect(sheet.rows[0]?.cells, encoding).toEqual(['06625001', text]);
        }
      }),
      { numRuns: 60 },
    );
  });
});

/** Where the detection's sample of a file ends: a letter split across it must still read whole. */
const SAMPLE_BORDER = 64 * 1024;

describe('the edges of a CSV file’s encoding', () => {
  it.each<[string, CsvEncoding, Buffer]>([
    ['UTF-16LE with a BOM and an odd byte count, detected', 'auto', Buffer.concat([encodeText(SAMPLE, 'utf-16le-bom'), Buffer.from([0x41])])],
    ['UTF-16BE with a BOM and an odd byte count, detected', 'auto', Buffer.concat([encodeText(SAMPLE, 'utf-16be-bom'), Buffer.from([0x41])])],
    ['UTF-16LE ending on a lone high surrogate', 'auto', Buffer.concat([encodeText(SAMPLE, 'utf-16le-bom'), Buffer.from([0x3d, 0xd8])])],
    ['UTF-16LE with a lone low surrogate', 'auto', Buffer.concat([encodeText('Hộ', 'utf-16le-bom'), Buffer.from([0x00, 0xdc]), Buffer.from(' 1', 'utf16le')])],
    ['UTF-16BE with a lone low surrogate', 'auto', Buffer.concat([encodeText('Hộ', 'utf-16be-bom'), Buffer.from([0xdc, 0x00])])],
    ['UTF-8 encoding a lone surrogate, said to be UTF-8', 'utf-8', Buffer.concat([Buffer.from('Hộ '), Buffer.from([0xed, 0xa0, 0xbd])])],
    [
      'UTF-16LE that turns big-endian halfway (two files joined)',
      'auto',
      Buffer.concat([encodeText('ma_thon\r\n', 'utf-16le-bom'), encodeText('06625001\r\n', 'utf-16be-bom')]),
    ],
  ])('refuses %s, in both languages', (_case, encoding, bytes) => {
    const error = refusal(() => decodeText(bytes, encoding));
    expect(error.code).toBe('import.bad_encoding');
    expect(error.text.vi).not.toBe(error.text.en);
  });

  it.each(FILE_ENCODINGS.filter((e) => e !== 'windows-1258'))(
    'drops a byte-order mark in the middle of %s text (files joined), keeping the letters',
    (encoding) => {
      expect(decodeText(encodeText('ma_thon\r\n\uFEFFHộ 1\r\n', encoding))).toBe('ma_thon\r\nHộ 1\r\n');
    },
  );

  it.each([
    ['UTF-8', [0xef, 0xbb, 0xbf]],
    ['UTF-16LE', [0xff, 0xfe]],
    ['UTF-16BE', [0xfe, 0xff]],
  ])('reads a file holding only a %s BOM as empty, and the import refuses it as empty', async (_case, bom) => {
    expect(decodeText(Buffer.from(bom))).toBe('');
    const error = await readSpreadsheet(Buffer.from(bom)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('import.empty_file');
  });

  it('joins a Windows-1258 tone mark that falls exactly on the detection sample’s border to its letter', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LETTERS.filter((l) => encodeWindows1258(l).length === 2)), fc.integer({ min: 0, max: 1 }), (letter, shift) => {
        // The letter's base byte is the last of the sample and its tone mark the first after it (or one later).
        const padding = 'a'.repeat(SAMPLE_BORDER - 1 - shift);
        const bytes = encodeWindows1258(`${padding}${letter}`);
        expect(bytes[SAMPLE_BORDER - shift]).toBeGreaterThanOrEqual(0xcc);
        expect(detectEncoding(bytes).encoding).toBe('windows-1258');
        expect(decodeText(bytes).slice(padding.length)).toBe(letter);
      }),
      { numRuns: 40 },
    );
  });

  it('reads any Vietnamese text back from each encoding it was written in, NFC', () => {
    fc.assert(
      fc.property(vietnamese(60), (text) => {
        for (const encoding of FILE_ENCODINGS) expect(decodeText(encodeText(text, encoding)), encoding).toBe(text.normalize('NFC'));
      }),
      { numRuns: 200 },
    );
  });

  it('reads the same text wherever a byte-order mark is slipped in', () => {
    fc.assert(
      fc.property(vietnamese(40), fc.nat(), fc.constantFrom<FileEncoding>('utf-8', 'utf-16le-bom', 'utf-16be-bom'), (text, at, encoding) => {
        const chars = Array.from(text);
        const cut = at % (chars.length + 1);
        const slipped = `${chars.slice(0, cut).join('')}\uFEFF${chars.slice(cut).join('')}`;
        expect(decodeText(encodeText(slipped, encoding))).toBe(text);
      }),
      { numRuns: 100 },
    );
  });
});
