import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { detectSeparator, IMPORT_SIZE_LIMIT, readSpreadsheet, unescapeFormula, writeCsv, writeWorkbook } from './spreadsheet.ts';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

async function refusal(bytes: Uint8Array): Promise<AppError> {
  const error = await readSpreadsheet(bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error('expected a refusal');
  return error;
}

describe('reading a spreadsheet', () => {
  it.each([
    ['ma_thon;nhan_ho;so_nhan_khau', ';'],
    ['ma_thon,nhan_ho,so_nhan_khau', ','],
    ['"a;b",c,d', ','],
    ['ten', ','],
    ['\r\n\r\nma_thon;ten', ';'],
    ['ma_thon\tnhan_ho\tghi_chu', '\t'],
    ['ma_thon\t"a;b;c"\tghi_chu', '\t'],
    ['ma_thon\tnhan_ho,ghi_chu;x', ','],
  ])('detects the separator of %j from the header line', (line, separator) => {
    expect(detectSeparator(`${line}\r\n1;2;3,4`)).toBe(separator);
  });

  it('reads CSV with a BOM, quoted separators and line breaks, keeping Excel row numbers across blank rows', async () => {
    const sheet = await readSpreadsheet(utf8('\uFEFFma_thon;nhan_ho\r\n06625001;"Hộ 1; nhà ""A"""\r\n\r\n;\r\n06625001;"Hộ\n2"\r\n'));
    expect(sheet.header).toEqual(['ma_thon', 'nhan_ho']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: ['06625001', 'Hộ 1; nhà "A"'] },
      { row: 5, cells: ['06625001', 'Hộ\n2'] },
    ]);
  });

  it('reads the first worksheet of a workbook, whatever the cells hold', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Hộ');
    sheet.addRow(['ma_thon', 'ngay', 'so', 'co', 'ten']);
    sheet.addRow([6625001, new Date(Date.UTC(2025, 5, 30)), 6, true, { richText: [{ text: 'Hộ ' }, { text: '001', font: { bold: true } }] }]);
    sheet.addRow([]);
    sheet.addRow(['06625001', null, { formula: '2*3', result: 6 }, false, { text: 'Hộ 2', hyperlink: 'https://example.org' }]);
    workbook.addWorksheet('Ghi chú').addRow(['ignored']);
    const read = await readSpreadsheet(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(read.header).toEqual(['ma_thon', 'ngay', 'so', 'co', 'ten']);
    expect(read.rows).toEqual([
      { row: 2, cells: [6625001, new Date(Date.UTC(2025, 5, 30)), 6, true, 'Hộ 001'] },
      { row: 4, cells: ['06625001', null, 6, false, 'Hộ 2'] },
    ]);
  });

  it.each([
    ['no bytes at all', new Uint8Array(), 'import.empty_file'],
    ['only a BOM and blank lines', utf8('\uFEFF\r\n\r\n'), 'import.empty_file'],
    ['a header and no rows', utf8('ma_thon;nhan_ho\r\n;\r\n'), 'import.empty_file'],
    ['bytes in no encoding we know (not UTF-8, and 0x81 has no Windows-1258 letter)', Buffer.from([0x48, 0x81, 0x20, 0x31]), 'import.bad_encoding'],
    ['UTF-16 cut in the middle of a character', Buffer.concat([Buffer.from('\uFEFFma_thon', 'utf16le'), Buffer.from([0x41])]), 'import.bad_encoding'],
    ['an unclosed quote', utf8('a,b\n"1,2\n'), 'import.bad_csv'],
    ['a damaged workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'import.bad_workbook'],
    ['an Excel 97–2003 file', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]), 'import.unsupported_format'],
  ])('refuses %s with its own code', async (_case, bytes, code) => {
    const error = await refusal(bytes);
    expect(error.code).toBe(code);
    expect(error.text.vi).not.toBe(error.text.en);
  });

  it('refuses a file over the limit before reading it', async () => {
    const error = await refusal(new Uint8Array(IMPORT_SIZE_LIMIT + 1));
    expect([error.status, error.code]).toEqual([413, 'import.too_large']);
    expect(error.text.en).toContain('20 MB');
  });
});

describe('writing a spreadsheet', () => {
  const table = {
    header: ['ten', 'ngay', 'so'],
    rows: [
      ['=HYPERLINK("x")', new Date(Date.UTC(2025, 5, 30)), 6],
      ['Hộ "A", nhà 2', null, -1],
    ],
  };

  it('writes CSV with a BOM that reads back, guarding formulas (CSV injection) and unguarding them on import', async () => {
    const bytes = writeCsv(table);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.toString('utf8')).toContain(`'=HYPERLINK`);
    const read = await readSpreadsheet(bytes);
    expect(read.rows.map((r) => r.cells)).toEqual([
      [`'=HYPERLINK("x")`, '30/06/2025', '6'],
      ['Hộ "A", nhà 2', '', '-1'],
    ]);
    expect(unescapeFormula(`'=HYPERLINK("x")`)).toBe('=HYPERLINK("x")');
    expect(unescapeFormula(`'Hộ 1`)).toBe(`'Hộ 1`);
  });

  it('writes a workbook with real date cells', async () => {
    const read = await readSpreadsheet(await writeWorkbook(table, 'Hộ'));
    expect(read.rows[0]?.cells).toEqual(['=HYPERLINK("x")', new Date(Date.UTC(2025, 5, 30)), 6]);
  });
});
