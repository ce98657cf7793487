import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { columnOf, findStatementTable, newStatementTransfers, readBookedAt, readDong, readStatementRows, type StatementTable } from './bank-statement.rules.ts';

const rows = (lines: (string | number | Date | null)[][]) => lines.map((cells, i) => ({ row: i + 1, cells }));

describe('reading a bank statement', () => {
  it('names the columns the way Vietnamese banks title them, with or without diacritics', () => {
    expect(['Ngày giao dịch', 'NGAY GD', 'Ghi có', 'Số tiền ghi nợ', 'Diễn giải', 'Số tham chiếu', 'Số bút toán', 'Nội dung:', 'Credit'].map(columnOf)).toEqual(
      ['date', 'date', 'credit', 'debit', 'content', 'reference', 'reference', 'content', 'credit'],
    );
    expect(columnOf('Số dư')).toBeUndefined();
  });

  it('finds the table under the bank’s title lines', () => {
    const table = findStatementTable(
      rows([
        ['NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM'],
        ['SAO KÊ TÀI KHOẢN', null, '8888123456789'],
        ['STT', 'Ngày giao dịch', 'Số tham chiếu', 'Ghi nợ', 'Ghi có', 'Số dư', 'Nội dung'],
        ['1', '10/03/2026', 'FT1', '', '150.000', '1.150.000', 'DH7K2M9Q'],
      ]),
    );
    expect(table).toMatchObject({ columns: { date: 1, reference: 2, debit: 3, credit: 4, content: 6 } });
    expect(
      findStatementTable(
        rows([
          ['Họ tên', 'Số điện thoại'],
          ['a', 'b'],
        ]),
      ),
    ).toMatchObject({ code: 'statement.no_table' });
  });

  it.each([
    ['150.000', 150_000],
    ['1,500,000', 1_500_000],
    ['1.500.000,00', 1_500_000],
    ['1,500,000.00', 1_500_000],
    ['150000', 150_000],
    ['150000.00', 150_000],
    ['-150.000', -150_000],
    ['+150.000 VND', 150_000],
    [' 2 277 000 ', 2_277_000],
    [480000, 480_000],
    ['150.000,50', null],
    ['1.5', null],
    ['15.00.000', null],
    ['mười nghìn', null],
    [150000.5, null],
    ['1.500,000', null],
  ])('reads the amount %j as %j', (cell, expected) => {
    expect(readDong(cell)).toBe(expected);
  });

  it('reads an amount written with thousands separators as the number itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (n) => {
        const dotted = n.toLocaleString('de-DE');
        expect(readDong(dotted)).toBe(n);
        expect(readDong(n.toLocaleString('en-US'))).toBe(n);
        expect(readDong(`${dotted},00`)).toBe(n);
      }),
    );
  });

  it.each([
    ['10/03/2026', '2026-03-10T00:00:00+07:00'],
    ['10/03/2026 14:02:37', '2026-03-10T14:02:37+07:00'],
    ['1-3-2026 9:05', '2026-03-01T09:05:00+07:00'],
    ['2026-03-10 14:02:37', '2026-03-10T14:02:37+07:00'],
    [new Date(Date.UTC(2026, 2, 10, 14, 2, 37)), '2026-03-10T14:02:37+07:00'],
    ['30/02/2026', null],
    ['10/03/26', null],
    ['2026-03-10 25:00', null],
    ['', null],
    [null, null],
  ])('reads the booking time %j as %j (Vietnam time)', (cell, expected) => {
    expect(readBookedAt(cell)).toBe(expected);
  });

  const table = (lines: (string | number | null)[][]): StatementTable =>
    findStatementTable(rows([['Ngày', 'Số tham chiếu', 'Ghi nợ', 'Ghi có', 'Diễn giải'], ...lines])) as StatementTable;

  it('reads money in, skips money out and the totals, and lists every bad row', () => {
    const read = readStatementRows(
      table([
        ['10/03/2026 10:14:51', 'FT1', '', '150.000', 'Thanh toán DH7K2M9Q'],
        ['10/03/2026', 'FT2', '50.000', '', 'Rút tiền'],
        ['11/03/2026', '', '', '2.000.000', 'chuyen tien'],
        ['31/02/2026', 'FT4', '', '10.000', 'ngay sai'],
        ['12/03/2026', 'FT5', '', '10.000,5', 'tien le'],
        ['', '', '50.000', '2.160.000', 'Tổng cộng'],
      ]),
    );
    expect(read.skipped).toBe(2);
    expect(read.issues.map((i) => [i.row, i.code, i.field])).toEqual([
      [5, 'statement.bad_date', 'date'],
      [6, 'statement.bad_credit', 'credit'],
    ]);
    expect(read.issues[0]!.message.vi).toContain('31/02/2026');
    expect(read.transfers).toEqual([
      expect.objectContaining({
        row: 2,
        amount: 150_000,
        occurredAt: '2026-03-10T10:14:51+07:00',
        content: 'Thanh toán DH7K2M9Q',
        bankReference: 'FT1',
        matchKey: '2026-03-10|150000|THANHTOANDH7K2M9Q',
      }),
      expect.objectContaining({
        row: 4,
        amount: 2_000_000,
        bankReference: null,
        raw: { Ngày: '11/03/2026', 'Ghi có': '2.000.000', 'Diễn giải': 'chuyen tien' },
      }),
    ]);
  });

  it('takes a signed amount column when the bank gives one', () => {
    const signed = findStatementTable(
      rows([
        ['Thời gian', 'Mô tả', 'Số tiền'],
        ['10/03/2026', 'vao', '+150,000'],
        ['10/03/2026', 'ra', '-20,000'],
      ]),
    ) as StatementTable;
    const read = readStatementRows(signed);
    expect([read.transfers.map((t) => t.amount), read.skipped]).toEqual([[150_000], 1]);
  });
});

describe('what a statement adds to what is recorded', () => {
  const row = (bankReference: string | null, matchKey: string, id: string) => ({ bankReference, matchKey, id });

  it('a recorded transfer accounts for one row: by bank reference first, then by match key', () => {
    const statement = [row('FT1', 'k1', 'a'), row(null, 'k2', 'b'), row(null, 'k2', 'c'), row('FT9', 'k3', 'd'), row('FT8', 'k4', 'e')];
    const known = [row('FT1', 'other', 'x'), row(null, 'k2', 'y'), row('FT7', 'k4', 'z')];
    // b and c are two real transfers alike; one was recorded, so one is new. e's key matches but its reference differs: new.
    expect(newStatementTransfers(statement, known).map((r) => r.id)).toEqual(['c', 'd', 'e']);
  });

  it('imports everything into an empty account, and nothing a second time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.option(fc.constantFrom('FT1', 'FT2', 'FT3'), { nil: null }), fc.constantFrom('k1', 'k2')), { maxLength: 12 }),
        (pairs) => {
          const statement = pairs.map(([ref, key], i) => row(ref, key, String(i)));
          expect(newStatementTransfers(statement, [])).toHaveLength(statement.length);
          expect(newStatementTransfers(statement, statement)).toEqual([]);
        },
      ),
    );
  });
});
