import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet, writeCsv, writeWorkbook, type Cell } from '../platform/spreadsheet.ts';
import {
  CellProblem,
  choice,
  commonUnit,
  date,
  decimal,
  integer,
  invalidRows,
  ISSUE_LIST_LIMIT,
  mapColumns,
  nameList,
  readRows,
  toTable,
  unitCode,
  yesNo,
  type Codec,
} from './import.rules.ts';
import { HOUSEHOLD_IMPORT, type HouseholdImport } from './household-import.rules.ts';
import { COVERAGE_IMPORT } from './coverage-import.rules.ts';
import { normalizePersonText } from '../platform/text.ts';

const TODAY = '2026-11-25';

const read = <T>(codec: Codec<T>, cell: Cell) => {
  const value = codec.read(cell);
  return value instanceof CellProblem ? value.code : value;
};

describe('cells', () => {
  it.each<[Cell, string | undefined]>([
    ['30/06/2025', '2025-06-30'],
    ['1/7/2025', '2025-07-01'],
    ['30-06-2025', '2025-06-30'],
    ['2025-06-30', '2025-06-30'],
    [new Date(Date.UTC(2025, 5, 30)), '2025-06-30'],
    [45838, '2025-06-30'],
    ['  ', undefined],
    ['30/02/2025', 'import.bad_date'],
    ['06/30/2025', 'import.bad_date'],
    ['hôm qua', 'import.bad_date'],
  ])('reads the date %j as %j', (cell, expected) => {
    expect(read(date, cell)).toBe(expected);
  });

  it.each<[Cell, number | string]>([
    ['6', 6],
    [' 12 ', 12],
    [6, 6],
    ['-1', -1],
    ['sáu', 'import.not_a_number'],
    ['6,5', 'import.not_a_number'],
    [6.5, 'import.not_a_number'],
  ])('reads the whole number %j as %j', (cell, expected) => {
    expect(read(integer, cell)).toBe(expected);
  });

  it('reads decimals written with a comma, as Vietnamese settings write them', () => {
    expect([read(decimal, '21,6436'), read(decimal, '107.23'), read(decimal, 21.5), read(decimal, '21°N')]).toEqual([
      21.6436,
      107.23,
      21.5,
      'import.not_a_number',
    ]);
  });

  it.each<[Cell, boolean | string]>([
    ['có', true],
    ['Có', true],
    ['co', true],
    ['yes', true],
    ['1', true],
    [true, true],
    ['không', false],
    ['KHONG', false],
    ['no', false],
    ['0', false],
    ['false', false],
    ['chưa', 'import.bad_yes_no'],
  ])('reads yes/no %j as %j', (cell, expected) => {
    expect(read(yesNo, cell)).toBe(expected);
  });

  it('reads a choice by its Vietnamese word, its stored value or an alias, diacritics and case aside', () => {
    const quality = choice({ none: { vi: 'không có' }, unstable: { vi: 'chập chờn' }, stable: { vi: 'ổn định', aliases: ['good'] } });
    expect(['Ổn định', 'on dinh', 'stable', 'GOOD', 'chap chon', 'Không có'].map((c) => read(quality, c))).toEqual([
      'stable',
      'stable',
      'stable',
      'stable',
      'unstable',
      'none',
    ]);
    expect(read(quality, 'tốt')).toBe('import.bad_choice');
    expect(quality.write('unstable')).toBe('chập chờn');
  });

  it('pads a code Excel turned into a number, and refuses a code of the wrong length', () => {
    const village = unitCode(8, { vi: 'Mã thôn/bản', en: 'A village code' });
    expect([read(village, 6625001), read(village, '06625001'), read(village, '6625001'), read(village, 'HD01')]).toEqual([
      '06625001',
      '06625001',
      'import.bad_code',
      'import.bad_code',
    ]);
  });

  it('splits a list of names on ";" or ","', () => {
    expect(read(nameList, 'Tày; Nùng, Dao')).toEqual(['Tày', 'Nùng', 'Dao']);
  });
});

describe('columns', () => {
  it('finds columns by Vietnamese header, English alias or a header typed with diacritics and capitals, and lists the others as ignored', () => {
    const header = [
      'Mã thôn',
      'LABEL',
      'Ngày khảo sát',
      'members',
      'so_nguoi_lon',
      'Số người có smartphone',
      'epay_adults',
      'Cáp quang tại nhà',
      'vneid_users',
      'ehealth_users',
      'banking_users',
      'ghi chú',
    ];
    const mapped = mapColumns(HOUSEHOLD_IMPORT.columns, header);
    expect(mapped.columns.map((m) => m.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(mapped.issues).toEqual([]);
    expect(mapped.ignored).toEqual(['ghi chú']);
  });

  it('reads the Vietnamese wording an official writes for a column', () => {
    const header = [
      'Mã thôn',
      'Nhãn hộ',
      'Ngày khảo sát',
      'Số nhân khẩu',
      'Số người lớn',
      'Số người có điện thoại thông minh',
      'Số người lớn có tài khoản thanh toán',
      'Cáp quang tại nhà',
      'Số người dùng VNeID',
      'Số người dùng Sổ sức khỏe điện tử',
      'Số người dùng ngân hàng số',
    ];
    const mapped = mapColumns(HOUSEHOLD_IMPORT.columns, header);
    expect(mapped.issues).toEqual([]);
    expect(mapped.columns.map((m) => m.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('names every missing column at once, and a misspelled one with the column it looks like', () => {
    const mapped = mapColumns(HOUSEHOLD_IMPORT.columns, ['ma_thon', 'nhan_ho', 'ngay_khao_sat', 'so_nhan_khua', 'extra']);
    expect(mapped.issues.map((i) => i.field)).toEqual(HOUSEHOLD_IMPORT.columns.slice(3).map((c) => c.header));
    expect(mapped.issues[0]).toMatchObject({
      code: 'import.misspelled_column',
      row: 1,
      message: { vi: expect.stringContaining('"so_nhan_khua"; có phải là "so_nhan_khau"'), en: expect.stringContaining('did you mean "so_nhan_khau"') },
    });
    expect(mapped.issues.slice(1).every((i) => i.code === 'import.missing_column')).toBe(true);
    expect(mapped.ignored).toEqual(['extra']);
  });

  it('finds the deepest unit every path lies under', () => {
    expect(commonUnit(['20.06625.06625001', '20.06625.06625002'])).toBe('06625');
    expect(commonUnit(['20.06625.06625001', '20.06376.06376001'])).toBe('20');
    expect(commonUnit(['20.06625.06625001'])).toBe('06625001');
    expect(commonUnit([])).toBeUndefined();
  });
});

describe('coverage rows', () => {
  const sheet = (rows: Cell[][]) => ({ header: COVERAGE_IMPORT.columns.map((c) => c.header), rows: rows.map((cells, i) => ({ row: i + 2, cells })) });

  it('reads mobile and fixed-broadband rows, each needing its own columns', () => {
    const result = readRows(
      COVERAGE_IMPORT,
      sheet([
        ['06625001', 'Viettel', 'di động', '4G', 'chập chờn', null, null, '15/09/2022'],
        ['06625001', 'VNPT', 'cố định', null, null, 'có', 'không', '01/05/2024'],
        ['06625001', 'VNPT', 'cố định', null, null, null, 'không', '01/05/2024'],
      ]),
      TODAY,
    );
    expect(result.rows.map((r) => r.record)).toEqual([
      { type: 'di_dong', villageCode: '06625001', operatorCode: 'viettel', technology: '4G', quality: 'unstable', observedOn: '2022-09-15' },
      { type: 'co_dinh', villageCode: '06625001', operatorCode: 'vnpt', fiberReaches: true, ftthAvailable: false, observedOn: '2024-05-01' },
    ]);
    expect(result.issues).toEqual([expect.objectContaining({ row: 4, field: 'cap_quang_den_thon', code: 'import.missing_value' })]);
  });
});

// --- Properties over the whole path: records → file → records -----------------------------------

/** Labels as villages write them, including the characters a CSV has to quote or guard, as the register keeps them (one form). */
const label = fc
  .string({ unit: fc.constantFrom(...'Hộ ăđêôơư ĐÂ0123456789,;"\n=-+@'.split('')), minLength: 1, maxLength: 30 })
  .filter((s) => normalizePersonText(s) === s && s.length > 0);

const day = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2026, 10, 25) }).map((ms) => new Date(ms).toISOString().slice(0, 10));

/** Any survey that keeps every rule: apps ≤ smartphones ≤ members, e-payment ≤ adults ≤ members. */
const validHousehold: fc.Arbitrary<HouseholdImport> = fc
  .record({
    village: fc.integer({ min: 1, max: 999 }),
    label,
    surveyedOn: day,
    members: fc.integer({ min: 1, max: 60 }),
    homeFtth: fc.boolean(),
    shares: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
  })
  .map(({ village, label, surveyedOn, members, homeFtth, shares }) => {
    const [a = 0, s = 0, e = 0, v = 0, h = 0, b = 0] = shares;
    const adults = Math.floor(a * members);
    const smartphoneOwners = Math.floor(s * members);
    const part = (share: number, of: number) => Math.floor(share * of);
    return {
      villageCode: `06625${String(village).padStart(3, '0')}`,
      label,
      surveyedOn,
      members,
      adults,
      smartphoneOwners,
      epayAdults: part(e, adults),
      homeFtth,
      vneidUsers: part(v, smartphoneOwners),
      ehealthUsers: part(h, smartphoneOwners),
      bankingUsers: part(b, smartphoneOwners),
    };
  });

const validHouseholds = fc.uniqueArray(validHousehold, { minLength: 1, maxLength: 25, selector: (h) => `${h.villageCode}|${h.label}|${h.surveyedOn}` });

describe('households through a file', () => {
  it('reads back exactly the rows any CSV export of valid rows holds', async () => {
    await fc.assert(
      fc.asyncProperty(validHouseholds, async (records) => {
        const sheet = await readSpreadsheet(writeCsv(toTable(HOUSEHOLD_IMPORT, records)));
        const result = readRows(HOUSEHOLD_IMPORT, sheet, TODAY);
        expect(result.issues).toEqual([]);
        expect(result.rows.map((r) => r.record)).toEqual(records);
        expect(result.rows.map((r) => r.row)).toEqual(records.map((_, i) => i + 2));
      }),
    );
  });

  it('reads back exactly the rows any .xlsx export of valid rows holds', async () => {
    await fc.assert(
      fc.asyncProperty(validHouseholds, async (records) => {
        const sheet = await readSpreadsheet(await writeWorkbook(toTable(HOUSEHOLD_IMPORT, records), 'Ho'));
        expect(readRows(HOUSEHOLD_IMPORT, sheet, TODAY).rows.map((r) => r.record)).toEqual(records);
      }),
      { numRuns: 30 },
    );
  });

  /** Ways an official gets one cell wrong, and the column the refusal must name. */
  const mistakes: [string, number, Cell][] = [
    ['so_nguoi_lon', 4, '-1'],
    ['so_nhan_khau', 3, 'sáu'],
    ['so_nguoi_co_smartphone', 5, '61'],
    ['ngay_khao_sat', 2, '31/12/2999'],
    ['ngay_khao_sat', 2, '29/02/2025'],
    ['ma_thon', 0, '0662500'],
    ['cap_quang_tai_nha', 7, 'chưa rõ'],
    ['nhan_ho', 1, ''],
  ];

  it('refuses a file with one bad row anywhere, naming that row and the column', () => {
    fc.assert(
      fc.property(validHouseholds, fc.nat(), fc.constantFrom(...mistakes), (records, at, [column, index, bad]) => {
        const table = toTable(HOUSEHOLD_IMPORT, records);
        const where = at % records.length;
        const rows = table.rows.map((cells, i) => (i === where ? cells.map((c, j) => (j === index ? bad : c)) : cells));
        const result = readRows(HOUSEHOLD_IMPORT, { header: [...table.header], rows: rows.map((cells, i) => ({ row: i + 2, cells: [...cells] })) }, TODAY);
        expect(result.issues.length).toBeGreaterThan(0);
        expect(result.issues.every((issue) => issue.row === where + 2 && issue.field === column)).toBe(true);
        expect(result.rows).toHaveLength(records.length - 1);
      }),
    );
  });

  it('names a repeated household and date with the row it repeats', () => {
    fc.assert(
      fc.property(validHouseholds, fc.nat(), (records, at) => {
        const copied = records[at % records.length] as HouseholdImport;
        const table = toTable(HOUSEHOLD_IMPORT, [...records, copied]);
        const result = readRows(
          HOUSEHOLD_IMPORT,
          { header: [...table.header], rows: table.rows.map((cells, i) => ({ row: i + 2, cells: [...cells] })) },
          TODAY,
        );
        expect(result.issues).toEqual([expect.objectContaining({ code: 'import.duplicate_row', row: records.length + 2, field: 'nhan_ho' })]);
        expect(result.issues[0]?.message.vi).toContain(`dòng ${(at % records.length) + 2}`);
      }),
    );
  });
});

describe('the refusal of a file', () => {
  const issue = (row: number) => ({ code: 'import.bad', row, field: 'members', message: { vi: 'Sai', en: 'Wrong' } });

  it('lists every problem of a file with a few, in row order', () => {
    const error = invalidRows([issue(9), issue(3), issue(3)]);
    expect(error.issues?.map((i) => i.row)).toEqual([3, 3, 9]);
    expect(error.text.en).toBe('2 rows have errors, so nothing was written. Fix the rows below and send the whole file again.');
  });

  it('lists the first problems of a file broken throughout, and says how many there are', () => {
    const error = invalidRows(Array.from({ length: 200_000 }, (_, i) => issue(200_001 - i)));
    expect(error.issues).toHaveLength(ISSUE_LIST_LIMIT);
    expect(error.issues?.[0]?.row).toBe(2);
    expect(error.issues?.at(-1)?.row).toBe(ISSUE_LIST_LIMIT + 1);
    expect(error.text.vi).toContain('1.000 lỗi đầu tiên trong 200.000');
    expect(error.text.en).toContain('first 1,000 of 200,000 problems');
  });
});
