import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import type { FileUpload } from './http.ts';
import { CsvError, parse } from 'csv-parse/sync';
import { AppError, badRequest } from './errors.ts';
import { toCsv } from './csv.ts';
import { decodeText, type CsvEncoding } from './text-encoding.rules.ts';
import { IMPORT_ROW_LIMIT, IMPORT_SIZE_LIMIT } from './spreadsheet-options.ts';
import { badWorkbook, checkWorkbookArchive, tooManyRows } from './workbook-guard.ts';

/** One cell as a spreadsheet holds it: CSV gives text, a workbook also numbers, booleans and dates. */
export type Cell = string | number | boolean | Date | null;

/** A data row with its number as the user sees it in Excel (the header is row 1). */
export interface SheetRow {
  row: number;
  cells: Cell[];
}

export interface Sheet {
  header: string[];
  rows: SheetRow[];
}

/** What an export writes: a header and rows of cells, in either format. */
export interface Table {
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
}

export type SheetFormat = 'csv' | 'xlsx';

export const CONTENT_TYPES: Record<SheetFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export { IMPORT_SIZE_LIMIT };

/**
 * The types a spreadsheet arrives as: Windows labels a .csv application/vnd.ms-excel when Excel is
 * installed, and a browser may send any file as octet-stream. The bytes decide, not the label.
 */
const UPLOAD_TYPES = ['text/csv', CONTENT_TYPES.xlsx, 'application/vnd.ms-excel', 'application/octet-stream'];

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
// Excel 97–2003 (.xls) files are OLE compound documents: named here only to refuse them clearly.
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

export const fileTooLarge = (bytes: number) =>
  new AppError(413, 'import.too_large', {
    vi: `Tệp nặng ${(bytes / 1024 / 1024).toFixed(1)} MB, vượt giới hạn ${IMPORT_SIZE_LIMIT / 1024 / 1024} MB. Hãy chia thành nhiều tệp nhỏ hơn.`,
    en: `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB, over the ${IMPORT_SIZE_LIMIT / 1024 / 1024} MB limit. Split it into smaller files.`,
  });

const emptyFile = () =>
  badRequest('import.empty_file', {
    vi: 'Tệp trống: không có dòng dữ liệu nào dưới dòng tiêu đề.',
    en: 'The file is empty: there are no data rows below the header row.',
  });

const unsupportedFormat = () =>
  badRequest('import.unsupported_format', {
    vi: 'Không đọc được tệp Excel 97–2003 (.xls). Hãy lưu thành .xlsx hoặc CSV UTF-8.',
    en: 'Excel 97–2003 (.xls) files cannot be read. Save the file as .xlsx or CSV UTF-8.',
  });

const badCsv = (error: CsvError) =>
  badRequest('import.bad_csv', {
    vi: `Tệp CSV bị lỗi định dạng gần dòng ${error.lines}: kiểm tra dấu ngoặc kép (").`,
    en: `The CSV file is malformed near line ${error.lines}: check the double quotes ("). ${error.message}`,
  });

/** What a route taking a spreadsheet as its body reads (`registerFileRoutes`): its types, the import limit, the size message. */
export const SPREADSHEET_UPLOAD: FileUpload = { contentTypes: UPLOAD_TYPES, limit: IMPORT_SIZE_LIMIT, tooLarge: (bytes) => fileTooLarge(bytes) };

/** Refuses a file over the limit before anything reads it. */
export function assertImportSize(bytes: number): void {
  if (bytes > IMPORT_SIZE_LIMIT) throw fileTooLarge(bytes);
}

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);

const isBlank = (cell: Cell | undefined) => cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');

export interface ReadOptions {
  /** A CSV file's encoding, when the caller knows better than the detection; a workbook ignores it. */
  encoding?: CsvEncoding | undefined;
}

/**
 * Reads an uploaded file: .xlsx (its first worksheet) when the bytes are a ZIP archive, whatever
 * the file is called, else CSV in any encoding `decodeText` knows. The first non-blank row is the
 * header; blank rows are dropped but keep their numbers, so every row number is the one the user
 * sees in Excel.
 */
export async function readSpreadsheet(bytes: Uint8Array, options: ReadOptions = {}): Promise<Sheet> {
  assertImportSize(bytes.length);
  if (startsWith(bytes, OLE_MAGIC)) throw unsupportedFormat();
  const rows = (startsWith(bytes, ZIP_MAGIC) ? await readWorkbook(bytes) : readCsv(bytes, options.encoding)).filter((r) => !r.cells.every(isBlank));
  const [header, ...data] = rows;
  if (!header || data.length === 0) throw emptyFile();
  if (data.length > IMPORT_ROW_LIMIT) throw tooManyRows(data.length);
  return { header: header.cells.map((c) => (isBlank(c) ? '' : cellText(c))), rows: data };
}

function readCsv(bytes: Uint8Array, encoding: CsvEncoding | undefined): SheetRow[] {
  // Decoded whole before parsing: a wrong byte is refused rather than read as "�", and csv-parse only reads UTF-8 bytes itself.
  const text = decodeText(bytes, encoding);
  let records: string[][];
  try {
    records = parse(text, { delimiter: detectSeparator(text.slice(0, 64 * 1024)), relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    if (error instanceof CsvError) throw badCsv(error);
    throw error;
  }
  return records.map((cells, i) => ({ row: i + 1, cells }));
}

/**
 * The separator of a CSV file, from its header (first non-blank) line: Excel writes `;` where the
 * decimal mark is a comma (as in Vietnamese settings), `,` elsewhere, and tabs in "Unicode text"
 * (UTF-16). Quoted text is not counted; a tie goes to the comma, the standard's separator.
 */
export function detectSeparator(text: string): ',' | ';' | '\t' {
  const line = text.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return counts[';'] > counts[','] ? ';' : ',';
}

async function readWorkbook(bytes: Uint8Array): Promise<SheetRow[]> {
  checkWorkbookArchive(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch {
    throw badWorkbook();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw emptyFile();
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(cellValue(row.getCell(i).value));
    rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/** A workbook cell's value as plain data: formulas give their result, rich text its text. */
function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return value.text;
  if ('formula' in value || 'sharedFormula' in value) return value.result === undefined ? null : cellValue(value.result);
  return null;
}

/** A cell as text, the way a person would type it (dates dd/mm/yyyy, the Vietnamese default). */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) {
    const [y, m, d] = cell.toISOString().slice(0, 10).split('-');
    return `${d}/${m}/${y}`;
  }
  return String(cell);
}

/**
 * Undoes the guard `toCsv` puts before a text that starts like a formula (an apostrophe, against
 * CSV injection), so an exported file imports back unchanged.
 */
export function unescapeFormula(text: string): string {
  return text.startsWith("'") && /^[=+\-@\t\r]/.test(text.slice(1)) ? text.slice(1) : text;
}

/** CSV as Excel opens it correctly: UTF-8 with a BOM (else Vietnamese letters are garbled), comma-separated. */
export function writeCsv(table: Table): Buffer {
  const rows = table.rows.map((cells) => Object.fromEntries(table.header.map((title, i) => [title, cellText(cells[i] ?? null)])));
  return Buffer.from(toCsv(table.header, rows), 'utf8');
}

export async function writeWorkbook(table: Table, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...table.header]).font = { bold: true };
  for (const cells of table.rows) sheet.addRow([...cells]);
  table.header.forEach((title, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(12, title.length + 2);
    // Dates are real date cells, shown the Vietnamese way.
    if (table.rows[0]?.[i] instanceof Date) column.numFmt = 'dd/mm/yyyy';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function writeSpreadsheet(table: Table, format: SheetFormat, sheetName: string): Promise<Buffer> {
  return format === 'csv' ? writeCsv(table) : writeWorkbook(table, sheetName);
}

/** Answers with a table as a file the browser saves as `name.csv` or `name.xlsx`. */
export async function sendSpreadsheet(
  reply: FastifyReply,
  file: { name: string; table: Table; format: SheetFormat; sheetName: string },
): Promise<FastifyReply> {
  const body = await writeSpreadsheet(file.table, file.format, file.sheetName);
  return reply.type(CONTENT_TYPES[file.format]).header('content-disposition', `attachment; filename="${file.name}.${file.format}"`).send(body);
}
