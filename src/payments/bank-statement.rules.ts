import type { Cell, SheetRow } from '../platform/spreadsheet.ts';
import type { Issue, Message } from '../platform/errors.ts';
import { foldForSearch } from '../platform/text.ts';
import { normaliseBankReference, transferMatchKey } from './bank-transfer.rules.ts';

/**
 * A bank statement as Vietnamese banks export it (Vietcombank, BIDV, Agribank, MB, Techcombank…):
 * a few title lines (the bank, the account, the period), then a table whose columns each bank
 * names its own way — a date (often without a time), money in ("Ghi có") and money out ("Ghi
 * nợ") in two columns or one signed amount, the content ("Nội dung", "Diễn giải"), and usually
 * the bank's reference ("Số tham chiếu", "Số bút toán"). Amounts are written 1.500.000 or
 * 1,500,000, sometimes with ",00".
 */

export type StatementColumn = 'date' | 'credit' | 'debit' | 'amount' | 'content' | 'reference';

/** Column titles as banks write them, folded (no diacritics, lower case); the first list that holds a title names its column. */
const TITLES: Record<StatementColumn, readonly string[]> = {
  date: [
    'ngay giao dich',
    'ngay gd',
    'thoi gian giao dich',
    'thoi gian',
    'ngay hach toan',
    'ngay hieu luc',
    'ngay',
    'transaction date',
    'posting date',
    'date',
    'ngay giao dich/transaction date',
  ],
  credit: ['ghi co', 'so tien ghi co', 'phat sinh co', 'so tien co', 'tien vao', 'co', 'credit', 'credit amount', 'so tien ghi co/credit'],
  debit: ['ghi no', 'so tien ghi no', 'phat sinh no', 'so tien no', 'tien ra', 'no', 'debit', 'debit amount', 'so tien ghi no/debit'],
  amount: ['so tien', 'so tien giao dich', 'amount', 'so tien (vnd)', 'so tien phat sinh'],
  content: [
    'noi dung',
    'noi dung giao dich',
    'noi dung chi tiet',
    'dien giai',
    'mo ta',
    'chi tiet giao dich',
    'description',
    'transaction details',
    'details',
    'noi dung/description',
  ],
  reference: [
    'so tham chieu',
    'ma giao dich',
    'ma gd',
    'so gd',
    'so but toan',
    'so chung tu',
    'reference',
    'ref no',
    'reference number',
    'transaction id',
    'so tham chieu/reference',
  ],
};

const titleKey = (title: string) => foldForSearch(title).replace(/\s*[:.]\s*$/, '');

/** The column a title names, if any. */
export function columnOf(title: string): StatementColumn | undefined {
  const key = titleKey(title);
  return (Object.keys(TITLES) as StatementColumn[]).find((column) => TITLES[column].includes(key));
}

export type ColumnMap = Partial<Record<StatementColumn, number>>;

/** A row is the table's header when it names a date, the content, and money in (or a signed amount). */
function headerColumns(cells: readonly Cell[]): ColumnMap | undefined {
  const map: ColumnMap = {};
  cells.forEach((cell, i) => {
    const column = typeof cell === 'string' ? columnOf(cell) : undefined;
    if (column && map[column] === undefined) map[column] = i;
  });
  const hasMoney = map.credit !== undefined || map.amount !== undefined;
  return map.date !== undefined && map.content !== undefined && hasMoney ? map : undefined;
}

// Title lines above the table: a bank's export has fewer than this.
const HEADER_SEARCH_ROWS = 30;

export interface StatementTable {
  columns: ColumnMap;
  titles: string[];
  rows: SheetRow[];
}

export const statementIssue = (code: string, message: Message, row?: number, field?: string): Issue => ({ code, message, row, field });

const noTable = () =>
  statementIssue('statement.no_table', {
    vi: 'Không thấy bảng giao dịch: cần một dòng tiêu đề có cột ngày (“Ngày giao dịch”), nội dung (“Nội dung”, “Diễn giải”) và tiền vào (“Ghi có”, hoặc “Số tiền” có dấu).',
    en: 'No transaction table found: it needs a header row with a date column (“Ngày giao dịch”), the content (“Nội dung”, “Diễn giải”) and money in (“Ghi có”, or a signed “Số tiền”).',
  });

/** Finds the transaction table among the statement's first lines. */
export function findStatementTable(lines: readonly SheetRow[]): StatementTable | Issue {
  for (const [i, line] of lines.slice(0, HEADER_SEARCH_ROWS).entries()) {
    const columns = headerColumns(line.cells);
    if (columns) return { columns, titles: line.cells.map((c) => (c === null ? '' : String(c))), rows: lines.slice(i + 1) };
  }
  return noTable();
}

/** Integer đồng from a cell: 1.500.000 / 1,500,000 / 1500000 / 1.500.000,00 / -150000; null if it is none of these. */
export function readDong(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isSafeInteger(cell) ? cell : null;
  if (typeof cell !== 'string') return null;
  const text = cell.replace(/\s|VND|VNĐ|đ|₫/gi, '');
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.replace(/^[+-]/, '');
  const grouped = /^(\d{1,3}([.,])\d{3}(?:\2\d{3})*)(?:([.,])(0{1,2}))?$/.exec(digits);
  let whole: string | undefined;
  if (/^\d+$/.test(digits)) whole = digits;
  else if (grouped && grouped[2] !== grouped[3]) whole = grouped[1]!.replace(/[.,]/g, '');
  else if (/^\d+[.,]0{1,2}$/.test(digits)) whole = digits.replace(/[.,]0+$/, '');
  if (whole === undefined) return null;
  const value = sign * Number(whole);
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * When the bank booked a row, as ISO 8601 in Vietnam: a workbook's date cell (Excel's wall-clock
 * time, read as Vietnam's), or 'dd/mm/yyyy', 'dd-mm-yyyy', 'yyyy-mm-dd', each with an optional
 * 'hh:mm' or 'hh:mm:ss'. A day without a time is its midnight; null for a day that does not exist.
 */
export function readBookedAt(cell: Cell): string | null {
  let parts: number[];
  if (cell instanceof Date) {
    parts = [cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate(), cell.getUTCHours(), cell.getUTCMinutes(), cell.getUTCSeconds()];
  } else {
    const text = typeof cell === 'string' ? cell.trim() : '';
    const dayFirst = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
    const yearFirst = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
    if (dayFirst) parts = [dayFirst[3], dayFirst[2], dayFirst[1], dayFirst[4], dayFirst[5], dayFirst[6]].map((p) => Number(p ?? 0));
    else if (yearFirst) parts = yearFirst.slice(1, 7).map((p) => Number(p ?? 0));
    else return null;
  }
  const [y, mo, d, h, mi, s] = parts as [number, number, number, number, number, number];
  const at = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(at);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return `${check.toISOString().slice(0, 19)}+07:00`;
}

/** One incoming transfer read from a statement row. */
export interface StatementTransfer {
  row: number;
  amount: number;
  occurredAt: string;
  content: string;
  bankReference: string | null;
  matchKey: string;
  /** The row's cells under their titles, kept as the transfer's raw record. */
  raw: Record<string, string>;
}

export interface ReadStatement {
  transfers: StatementTransfer[];
  /** Rows of money leaving the account (or of no money): not payments, skipped. */
  skipped: number;
  issues: Issue[];
}

const badCell = (row: number, field: StatementColumn, text: Message) => statementIssue(`statement.bad_${field}`, text, row, field);

// Lines a statement adds around its transactions: opening and closing balances, totals.
const SUMMARY_WORDS = /^(tong|cong|total|so du|balance|opening|closing)/;

/** A total or balance line: no date of its own, and a cell that says what it sums. */
const isSummaryRow = (cells: readonly Cell[], dateCell: Cell) =>
  text(dateCell) === '' && cells.some((cell) => typeof cell === 'string' && SUMMARY_WORDS.test(foldForSearch(cell)));

const text = (cell: Cell | undefined) => (cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString() : String(cell).trim());

/** Reads every row, listing every bad one (all or nothing is the caller's rule). */
export function readStatementRows(table: StatementTable): ReadStatement {
  const { columns } = table;
  const cellAt = (r: SheetRow, column: StatementColumn) => (columns[column] === undefined ? undefined : r.cells[columns[column]!]);
  const transfers: StatementTransfer[] = [];
  const issues: Issue[] = [];
  let skipped = 0;
  for (const r of table.rows) {
    const money = columns.credit !== undefined ? cellAt(r, 'credit') : cellAt(r, 'amount');
    const amountText = text(money ?? null);
    // A row of money out leaves its credit empty (or its signed amount negative).
    const dateCell = cellAt(r, 'date') ?? null;
    if (amountText === '' || amountText === '0' || isSummaryRow(r.cells, dateCell)) {
      skipped++;
      continue;
    }
    const amount = readDong(money ?? null);
    const occurredAt = readBookedAt(dateCell);
    if (amount === null) {
      issues.push(
        badCell(r.row, columns.credit !== undefined ? 'credit' : 'amount', {
          vi: `Số tiền “${amountText}” không phải số đồng nguyên.`,
          en: `The amount “${amountText}” is not a whole number of đồng.`,
        }),
      );
    }
    if (occurredAt === null) {
      issues.push(
        badCell(r.row, 'date', {
          vi: `Ngày “${text(dateCell)}” không đọc được (dd/mm/yyyy, có thể kèm giờ).`,
          en: `The date “${text(dateCell)}” cannot be read (dd/mm/yyyy, optionally with a time).`,
        }),
      );
    }
    if (amount === null || occurredAt === null) continue;
    if (amount < 0) {
      skipped++;
      continue;
    }
    const content = text(cellAt(r, 'content'));
    transfers.push({
      row: r.row,
      amount,
      occurredAt,
      content,
      bankReference: normaliseBankReference(text(cellAt(r, 'reference'))),
      matchKey: transferMatchKey({ amount, occurredAt, content }),
      raw: Object.fromEntries(table.titles.map((title, i) => [title || `#${i + 1}`, text(r.cells[i])]).filter(([, value]) => value !== '')),
    });
  }
  return { transfers, skipped, issues };
}

/** What is already recorded for the account, as the statement is compared with it. */
export interface KnownTransfer {
  bankReference: string | null;
  matchKey: string;
}

/**
 * The statement's transfers not yet recorded (decision 0023). A recorded transfer accounts for
 * one statement row only: first by the bank's reference where both carry it, then by the match
 * key where either lacks one. So two real transfers alike in day, amount and content are two rows
 * and, with one of them recorded, the other is new.
 */
export function newStatementTransfers<T extends KnownTransfer>(statement: readonly T[], known: readonly KnownTransfer[]): T[] {
  const unused = new Set(known.map((_, i) => i));
  const found = new Set<number>();
  statement.forEach((row, s) => {
    if (row.bankReference === null) return;
    const hit = [...unused].find((k) => known[k]!.bankReference === row.bankReference);
    if (hit === undefined) return;
    unused.delete(hit);
    found.add(s);
  });
  statement.forEach((row, s) => {
    if (found.has(s)) return;
    const hit = [...unused].find((k) => known[k]!.matchKey === row.matchKey && (known[k]!.bankReference === null || row.bankReference === null));
    if (hit === undefined) return;
    unused.delete(hit);
    found.add(s);
  });
  return statement.filter((_, s) => !found.has(s));
}
