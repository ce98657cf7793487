import type { z } from 'zod';
import { describeIssue } from '../platform/validation-messages.ts';
import { badRequest, type Issue, type Message } from '../platform/errors.ts';
import { isCalendarDate } from '../platform/dates.ts';
import { foldForSearch } from '../platform/text.ts';
import { cellText, unescapeFormula, type Cell, type Sheet, type Table } from '../platform/spreadsheet.ts';
import type { ImportKindName } from './import-options.ts';

// Defined beside the size limit, where the web page reads them too.
export { IMPORT_KINDS, type ImportKindName } from './import-options.ts';

/** The kinds that also export, with the headers their import reads (export → Excel → import). */
export const EXPORT_KINDS = ['villages', 'coverage', 'households', 'visits', 'trainings'] as const satisfies readonly ImportKindName[];
export type ExportKindName = (typeof EXPORT_KINDS)[number];

/** Why a cell cannot be read as its column's type. */
export class CellProblem {
  constructor(
    readonly code: string,
    readonly message: Message,
  ) {}
}

/** How a column's cells become values (import) and values become cells again (export, template). */
export interface Codec<T> {
  /** The value, undefined for a blank cell, or why the cell cannot be read. */
  read(cell: Cell): T | undefined | CellProblem;
  write(value: T): Cell;
}

export interface Column {
  /** The record field, named as the API names it, so that a rule's issue finds its column. */
  field: string;
  /** The Vietnamese header that templates and exports write. */
  header: string;
  /** Other headers accepted for the column (the English names); case and diacritics do not matter. */
  aliases: readonly string[];
  codec: Codec<unknown>;
  /** The column may be left out of the file altogether. */
  optional?: boolean;
}

/** One kind of import: its columns, the shape and rules of a row, and what makes two rows the same. */
export interface ImportKind<R extends object> {
  name: ImportKindName;
  sheetName: string;
  columns: readonly Column[];
  /** The shape of a row, built from the API's own field definitions. */
  schema: z.ZodType<R>;
  /** The rules beyond each field's shape: the same functions the API applies. */
  check(record: R, today: string): Issue[];
  /** Rows with the same key describe the same fact: a second one in a file is a mistake. */
  key(record: R): string;
  /** The column a repeated row is reported on, and what "the same" means. */
  duplicate: { field: keyof R & string; sameness: Message };
  /** The unit a row belongs to: it must exist at this level, and the actor needs 'import:run' over it. */
  unit: { field: keyof R & string; level: number };
  /** The row a template shows. */
  example: R;
}

/** What reading rows needs of a kind: other modules' own imports (a carrier's manifest) define just this. */
export type RowKind<R extends object> = Pick<ImportKind<R>, 'columns' | 'schema' | 'check' | 'key' | 'duplicate'>;

export interface ImportRow<R> {
  row: number;
  record: R;
}

// --- Codecs: one per kind of cell, shared by every import -------------------------------------

const isBlank = (cell: Cell) => cell === null || (typeof cell === 'string' && cell.trim() === '');

/** Free text, trimmed. */
export const text: Codec<string> = {
  read: (cell) => (isBlank(cell) ? undefined : unescapeFormula(cellText(cell).trim())),
  write: (value) => value,
};

/** An operator's code, typed as people write its name: "Viettel" is viettel, "Mobi Fone" mobi_fone. */
export const lowerCode: Codec<string> = {
  read: (cell) => (isBlank(cell) ? undefined : foldForSearch(cellText(cell)).replaceAll(' ', '_')),
  write: (value) => value,
};

/** A unit code of a fixed number of digits. Excel turns 06625 into the number 6625: numbers are padded back. */
export function unitCode(digits: number, what: Message): Codec<string> {
  const shape = new RegExp(`^\\d{${digits}}$`);
  return {
    read(cell) {
      if (isBlank(cell)) return undefined;
      const code = typeof cell === 'number' && Number.isInteger(cell) && cell >= 0 ? String(cell).padStart(digits, '0') : cellText(cell).trim();
      if (shape.test(code)) return code;
      return new CellProblem('import.bad_code', {
        vi: `${what.vi} gồm ${digits} chữ số, không phải "${code}".`,
        en: `${what.en} has ${digits} digits, not "${code}".`,
      });
    },
    write: (value) => value,
  };
}

export const communeCodeCell = unitCode(5, { vi: 'Mã xã/phường', en: 'A commune code' });
export const villageCodeCell = unitCode(8, { vi: 'Mã thôn/bản', en: 'A village code' });

export const integer: Codec<number> = {
  read(cell) {
    if (isBlank(cell)) return undefined;
    const written = cellText(cell).trim();
    const value = typeof cell === 'number' ? cell : /^[+-]?\d+$/.test(written) ? Number(written) : NaN;
    if (Number.isInteger(value)) return value;
    return new CellProblem('import.not_a_number', { vi: `Cần một số nguyên, không phải "${written}".`, en: `A whole number is needed, not "${written}".` });
  },
  write: (value) => value,
};

/** A decimal number, with a point or (as Vietnamese settings write it) a comma. */
export const decimal: Codec<number> = {
  read(cell) {
    if (isBlank(cell)) return undefined;
    const written = cellText(cell).trim();
    const value = typeof cell === 'number' ? cell : /^[+-]?\d+([.,]\d+)?$/.test(written) ? Number(written.replace(',', '.')) : NaN;
    if (Number.isFinite(value)) return value;
    return new CellProblem('import.not_a_number', { vi: `Cần một số, không phải "${written}".`, en: `A number is needed, not "${written}".` });
  },
  write: (value) => value,
};

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function isoDate(cell: Cell): string | undefined {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  // A date cell without a date format reaches us as its serial number (days since 1899-12-30).
  if (typeof cell === 'number') return cell >= 1 && cell < 2_958_466 ? new Date(EXCEL_EPOCH + Math.floor(cell) * DAY_MS).toISOString().slice(0, 10) : undefined;
  const written = cellText(cell).trim();
  const vietnamese = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(written);
  if (vietnamese) return `${vietnamese[3]}-${vietnamese[2]?.padStart(2, '0')}-${vietnamese[1]?.padStart(2, '0')}`;
  return written;
}

/** A day: dd/mm/yyyy (the Vietnamese default), yyyy-mm-dd, or a real Excel date cell; 'YYYY-MM-DD' inside. */
export const date: Codec<string> = {
  read(cell) {
    if (isBlank(cell)) return undefined;
    const iso = isoDate(cell);
    if (iso && isCalendarDate(iso)) return iso;
    return new CellProblem('import.bad_date', {
      vi: `Ngày không hợp lệ: "${cellText(cell)}". Viết theo dạng dd/mm/yyyy, ví dụ 30/06/2025.`,
      en: `Not a valid date: "${cellText(cell)}". Write it dd/mm/yyyy, e.g. 30/06/2025.`,
    });
  },
  write: (value) => new Date(`${value}T00:00:00Z`),
};

const YES = new Set(['co', 'yes', 'true', '1', 'x']);
const NO = new Set(['khong', 'no', 'false', '0']);

export const yesNo: Codec<boolean> = {
  read(cell) {
    if (isBlank(cell)) return undefined;
    if (typeof cell === 'boolean') return cell;
    const folded = foldForSearch(cellText(cell));
    if (YES.has(folded)) return true;
    if (NO.has(folded)) return false;
    return new CellProblem('import.bad_yes_no', {
      vi: `Cần "có" hoặc "không", không phải "${cellText(cell)}".`,
      en: `"có" (yes) or "không" (no) is needed, not "${cellText(cell)}".`,
    });
  },
  write: (value) => (value ? 'có' : 'không'),
};

/** One of a few values, written in Vietnamese; the stored value and the listed aliases are accepted too. */
export function choice<T extends string>(labels: Record<T, { vi: string; aliases?: readonly string[] }>): Codec<T> {
  const values = Object.keys(labels) as T[];
  const byFolded = new Map<string, T>();
  for (const value of values) {
    for (const name of [value, labels[value].vi, ...(labels[value].aliases ?? [])]) byFolded.set(foldForSearch(name), value);
  }
  const listed = values.map((v) => labels[v].vi).join(', ');
  return {
    read(cell) {
      if (isBlank(cell)) return undefined;
      return (
        byFolded.get(foldForSearch(cellText(cell))) ??
        new CellProblem('import.bad_choice', {
          vi: `Giá trị phải là một trong: ${listed}; không phải "${cellText(cell)}".`,
          en: `Expected one of: ${listed} (or ${values.join(', ')}); not "${cellText(cell)}".`,
        })
      );
    },
    write: (value) => labels[value].vi,
  };
}

/** Several names in one cell, separated by ";" or ",". */
export const nameList: Codec<string[]> = {
  read: (cell) =>
    isBlank(cell)
      ? undefined
      : cellText(cell)
          .split(/[;,]/)
          .map((name) => name.trim())
          .filter(Boolean),
  write: (value) => value.join('; '),
};

// --- Reading rows ------------------------------------------------------------------------------

interface MappedColumn {
  column: Column;
  /** Where the column is in the file, or -1 when an optional column is left out. */
  index: number;
  /** The header as the file writes it, so issues name the column the user sees. */
  header: string;
}

/** The header matched against the kind's columns: what was found, what is missing, what is not ours. */
export interface MappedHeader {
  columns: MappedColumn[];
  /** A missing required column each, naming the file's unknown header that looks like it. */
  issues: Issue[];
  /** Headers that match no column: their cells are not read, and the summary says so. */
  ignored: string[];
}

/** Levenshtein distance: how many letters to change, add or drop to turn one name into the other. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** A misspelling, not another name: a few letters apart, fewer for a short name. */
const looksLike = (written: string, expected: string) => editDistance(written, expected) <= Math.max(1, Math.floor(expected.length / 4));

/**
 * Finds each column in the file's header (case, diacritics, spaces and underscores aside, so the
 * Vietnamese wording an official types matches the short code). A missing required column is an
 * issue, not an end: the rows are still read for the columns that are there.
 */
export function mapColumns(columns: readonly Column[], header: readonly string[]): MappedHeader {
  const folded = header.map(foldForSearch);
  const namesOf = (column: Column) => [column.header, ...column.aliases].map(foldForSearch);
  const mapped = columns.map((column) => {
    const names = new Set(namesOf(column));
    const index = folded.findIndex((name) => names.has(name));
    return { column, index, header: index < 0 ? column.header : (header[index] ?? column.header) };
  });
  const used = new Set(mapped.map((m) => m.index));
  const unknown = header.map((text, index) => ({ text, index, folded: folded[index]! })).filter((h) => !used.has(h.index) && h.folded !== '');
  const suggested = new Set<number>();
  const issues = mapped
    .filter((m) => m.index < 0 && !m.column.optional)
    .map(({ column }): Issue => {
      const near = unknown.find((h) => !suggested.has(h.index) && namesOf(column).some((name) => looksLike(h.folded, name)));
      if (near) {
        suggested.add(near.index);
        return {
          code: 'import.misspelled_column',
          row: 1,
          field: column.header,
          message: {
            vi: `Không có cột "${near.text}"; có phải là "${column.header}"? Hãy sửa tên cột cho đúng.`,
            en: `There is no column "${near.text}"; did you mean "${column.header}"? Correct the column's name.`,
          },
        };
      }
      return {
        code: 'import.missing_column',
        row: 1,
        field: column.header,
        message: {
          vi: `Thiếu cột ${column.header} (hoặc ${column.aliases.join(', ')}).`,
          en: `Missing column ${column.header} (or ${column.aliases.join(', ')}).`,
        },
      };
    });
  return { columns: mapped, issues, ignored: unknown.filter((h) => !suggested.has(h.index)).map((h) => h.text) };
}

/** A schema's complaint about a field, said to a person in both languages. */
function schemaProblem(issue: z.core.$ZodIssue, value: unknown): { code: string; message: Message } {
  if (value === undefined) return { code: 'import.missing_value', message: { vi: 'Ô này không được để trống.', en: 'This cell cannot be blank.' } };
  const unit = issue.code === 'too_small' || issue.code === 'too_big' ? issue.origin : '';
  if (issue.code === 'too_small') {
    if (unit === 'string')
      return { code: 'import.too_short', message: { vi: `Cần ít nhất ${issue.minimum} ký tự.`, en: `At least ${issue.minimum} characters are needed.` } };
    return { code: 'import.too_small', message: { vi: `Giá trị phải từ ${issue.minimum} trở lên.`, en: `The value must be at least ${issue.minimum}.` } };
  }
  if (issue.code === 'too_big') {
    if (unit === 'string') return { code: 'import.too_long', message: { vi: `Tối đa ${issue.maximum} ký tự.`, en: `At most ${issue.maximum} characters.` } };
    if (unit === 'array') return { code: 'import.too_many', message: { vi: `Tối đa ${issue.maximum} mục.`, en: `At most ${issue.maximum} items.` } };
    return { code: 'import.too_big', message: { vi: `Giá trị không được lớn hơn ${issue.maximum}.`, en: `The value must be at most ${issue.maximum}.` } };
  }
  return { code: 'import.invalid_value', message: describeIssue(issue) };
}

export function duplicateIssue(sameness: Message, row: number, firstRow: number, field: string): Issue {
  return {
    code: 'import.duplicate_row',
    row,
    field,
    message: { vi: `Trùng với dòng ${firstRow} (${sameness.vi}).`, en: `Repeats row ${firstRow} (${sameness.en}).` },
  };
}

export interface ReadRows<R> {
  rows: ImportRow<R>[];
  issues: Issue[];
  /** The file's headers that match no column, left unread. */
  ignoredColumns: string[];
  /** Data rows in the file, blank ones aside. */
  count: number;
  /** The header the file uses for a record field, so that every issue names the column the user sees. */
  headerOf(field: string | undefined): string | undefined;
}

/**
 * Every row of a sheet checked the way the API checks a request: each cell read as its column's
 * type, the row against the schema, then the kind's rules and duplicates inside the file (a row
 * that fails a step is not taken to the next: the rules need every value).
 * Returns the good rows and the issues of every bad row, each with its row and column.
 */
export function readRows<R extends object>(kind: RowKind<R>, sheet: Sheet, today: string): ReadRows<R> {
  const header = mapColumns(kind.columns, sheet.header);
  const columns = header.columns.map((m) => ({ ...m, read: remembering(m.column.codec) }));
  // A missing column is said once, on the header row, not again on every row.
  const absent = new Set(header.columns.filter((m) => m.index < 0).map((m) => m.column.field));
  const issues: Issue[] = [...header.issues];
  const headers = new Map(columns.map((m) => [m.column.field, m.header]));
  const headerOf = (field: string | undefined) => (field === undefined ? undefined : (headers.get(field) ?? field));
  const firstRowOf = new Map<string, number>();
  const rows: ImportRow<R>[] = [];
  for (const { row, cells } of sheet.rows) {
    const values: Record<string, unknown> = {};
    const unreadable: string[] = [];
    for (const { column, index, read } of columns) {
      const value = index < 0 ? undefined : read(cells[index] ?? null);
      if (value instanceof CellProblem) {
        issues.push({ code: value.code, message: value.message, row, field: column.field });
        unreadable.push(column.field);
      } else if (value !== undefined) {
        values[column.field] = value;
      }
    }
    const parsed = kind.schema.safeParse(values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        if (!unreadable.includes(field) && !absent.has(field)) issues.push({ ...schemaProblem(issue, values[field]), row, field });
      }
      continue;
    }
    if (unreadable.length > 0) continue;
    const broken = kind.check(parsed.data, today);
    if (broken.length > 0) {
      issues.push(...broken.map((issue) => ({ ...issue, row })));
      continue;
    }
    const key = kind.key(parsed.data);
    const firstRow = firstRowOf.get(key);
    if (firstRow === undefined) {
      firstRowOf.set(key, row);
      rows.push({ row, record: parsed.data });
    } else {
      issues.push(duplicateIssue(kind.duplicate.sameness, row, firstRow, kind.duplicate.field));
    }
  }
  return {
    rows,
    issues: issues.map((issue) => ({ ...issue, field: headerOf(issue.field) })),
    ignoredColumns: header.ignored,
    count: sheet.rows.length,
    headerOf,
  };
}

/**
 * A codec that reads each distinct text once: dates, codes, counts and yes/no repeat down a
 * column, and reading them (folding, date checks) is most of the cost of a large file.
 * Made per import, so nothing is kept between files.
 */
function remembering(codec: Codec<unknown>): (cell: Cell) => unknown {
  const seen = new Map<string, unknown>();
  return (cell) => {
    if (typeof cell !== 'string') return codec.read(cell);
    if (seen.has(cell)) return seen.get(cell);
    const value = codec.read(cell);
    seen.set(cell, value);
    return value;
  };
}

/**
 * Problems listed in a refusal at most: enough to fix a file by, while a file broken throughout
 * (the wrong columns, say) does not come back as a 100 MB answer. The message counts them all.
 */
export const ISSUE_LIST_LIMIT = 1_000;

/** The refusal of a whole file: nothing is written, and the bad rows are listed in row order. */
export function invalidRows(issues: readonly Issue[]) {
  const sorted = [...issues].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const columns = sorted.filter((i) => i.code === 'import.missing_column' || i.code === 'import.misspelled_column').map((i) => i.field);
  if (columns.length > 0) {
    // The header comes first: with a column missing, the rows' own problems are listed after it.
    const names = columns.join(', ');
    return badRequest(
      'import.missing_columns',
      {
        vi: `Tệp thiếu cột: ${names}, nên không dòng nào được ghi. Hãy dùng tệp mẫu; lỗi ở các cột còn lại (nếu có) được liệt kê bên dưới.`,
        en: `The file lacks the columns: ${names}, so nothing was written. Start from the template; problems in the other columns, if any, are listed below.`,
      },
      undefined,
      sorted.slice(0, ISSUE_LIST_LIMIT),
    );
  }
  const rows = new Set(sorted.map((i) => i.row)).size;
  const listed = sorted.slice(0, ISSUE_LIST_LIMIT);
  const more = sorted.length > listed.length;
  return badRequest(
    'import.invalid_rows',
    more
      ? {
          vi: `${rows.toLocaleString('vi-VN')} dòng có lỗi nên không dòng nào được ghi. Dưới đây là ${listed.length.toLocaleString('vi-VN')} lỗi đầu tiên trong ${sorted.length.toLocaleString('vi-VN')}: sửa rồi gửi lại cả tệp.`,
          en: `${rows.toLocaleString('en')} rows have errors, so nothing was written. The first ${listed.length.toLocaleString('en')} of ${sorted.length.toLocaleString('en')} problems are below: fix them and send the whole file again.`,
        }
      : {
          vi: `${rows} dòng có lỗi nên không dòng nào được ghi. Sửa các dòng dưới đây rồi gửi lại cả tệp.`,
          en: `${rows} rows have errors, so nothing was written. Fix the rows below and send the whole file again.`,
        },
    undefined,
    listed,
  );
}

// --- Writing rows (exports and templates) ------------------------------------------------------

function toCells<R extends object>(kind: ImportKind<R>, record: R): Cell[] {
  const values = record as Record<string, unknown>;
  return kind.columns.map((column) => {
    const value = values[column.field];
    return value === undefined || value === null ? null : column.codec.write(value);
  });
}

/** A kind's records as a table with the headers its import reads back. */
export function toTable<R extends object>(kind: ImportKind<R>, records: readonly R[]): Table {
  return { header: kind.columns.map((c) => c.header), rows: records.map((r) => toCells(kind, r)) };
}

/** The code of the deepest unit above (or at) every path: where an import's audit entry belongs. */
export function commonUnit(paths: readonly string[]): string | undefined {
  const [first, ...rest] = paths.map((p) => p.split('.'));
  if (!first) return undefined;
  let depth = first.length;
  for (const labels of rest) {
    let same = 0;
    while (same < depth && labels[same] === first[same]) same++;
    depth = same;
  }
  return first[depth - 1];
}
