import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRows, type ImportRow } from './import.rules.ts';
import { resolveVillageCodes, VILLAGE_IMPORT, type VillageImport } from './village-import.rules.ts';

const row = (n: number, record: Partial<VillageImport>): ImportRow<VillageImport> => ({
  row: n,
  record: { communeCode: '06625', name: `Thôn ${n}`, kind: 'thon', ethnicGroups: [], ...record },
});

const existing = [
  { code: '06625001', parent_code: '06625', name: 'Hin Dam' },
  { code: '06625004', parent_code: '06625', name: 'Khuổi Phầy' },
];

describe('village codes', () => {
  it('keeps a given code, finds a known village by its name without diacritics, and numbers the rest after the highest code in use', () => {
    const { villages, issues } = resolveVillageCodes(
      [
        row(2, { name: 'Hin Đăm' }),
        row(3, { name: 'Nà Pàn' }),
        row(4, { code: '06625010', name: 'Bản Mới' }),
        row(5, { communeCode: '06376', name: 'Lăng Đồng' }),
      ],
      existing,
    );
    expect(issues).toEqual([]);
    expect(villages.map((v) => [v.row, v.code, v.existing])).toEqual([
      [2, '06625001', true],
      [3, '06625011', false],
      [4, '06625010', false],
      [5, '06376001', false],
    ]);
  });

  it('names a second row that lands on the same village', () => {
    const { villages, issues } = resolveVillageCodes([row(2, { code: '06625004', name: 'Khuổi Phầy' }), row(3, { name: 'KHUOI PHAY' })], existing);
    expect(villages.map((v) => v.row)).toEqual([2]);
    expect(issues).toEqual([expect.objectContaining({ code: 'import.duplicate_row', row: 3, field: 'code' })]);
  });

  it('says so when a commune has used every number', () => {
    const { issues } = resolveVillageCodes([row(2, { name: 'Thôn mới' })], [{ code: '06625999', parent_code: '06625', name: 'Cuối' }]);
    expect(issues).toEqual([expect.objectContaining({ code: 'import.no_free_village_code', row: 2 })]);
  });

  it('gives every new village a code of its commune that no other village has', () => {
    const names = fc.uniqueArray(fc.string({ unit: fc.constantFrom(...'abcdeđôư '.split('')), minLength: 1, maxLength: 8 }), {
      maxLength: 40,
      selector: (s) => s.trim(),
    });
    fc.assert(
      fc.property(names, fc.subarray(['001', '002', '007', '120']), (list, taken) => {
        const rows = list.filter((n) => n.trim()).map((name, i) => row(i + 2, { name: name.trim(), communeCode: i % 2 ? '06625' : '06376' }));
        const before = taken.map((n) => ({ code: `06625${n}`, parent_code: '06625', name: `Có sẵn ${n}` }));
        const { villages, issues } = resolveVillageCodes(rows, before);
        const codes = villages.map((v) => v.code);
        expect(issues).toEqual([]);
        expect(new Set(codes).size).toBe(codes.length);
        for (const v of villages) {
          expect(v.code.startsWith(v.record.communeCode)).toBe(true);
          expect(v.existing).toBe(false);
        }
      }),
    );
  });
});

describe('village rows', () => {
  const sheet = (cells: (string | number | null)[][]) => ({
    header: VILLAGE_IMPORT.columns.map((c) => c.header),
    rows: cells.map((c, i) => ({ row: i + 2, cells: c })),
  });

  it('reads a village with its ethnic groups and location', () => {
    const result = readRows(VILLAGE_IMPORT, sheet([[6625, 6625001, 'Hin Đăm', 'Bản', 'Dao; Tày', '21,64', 107.23]]), '2026-11-25');
    expect(result.rows.map((r) => r.record)).toEqual([
      { communeCode: '06625', code: '06625001', name: 'Hin Đăm', kind: 'ban', ethnicGroups: ['Dao', 'Tày'], latitude: 21.64, longitude: 107.23 },
    ]);
  });

  it.each([
    ['a point outside Vietnam', ['06625', null, 'A', 'thôn', null, '21.6', '2.35'], 'kinh_do', 'import.outside_vietnam'],
    ['latitude without longitude', ['06625', null, 'A', 'thôn', null, '21.6', null], 'kinh_do', 'import.incomplete_location'],
    ['a code of another commune', ['06625', '06376001', 'A', 'thôn', null, null, null], 'ma_thon', 'import.village_outside_commune'],
    ['a name over 120 characters', ['06625', null, 'x'.repeat(121), 'thôn', null, null, null], 'ten', 'import.too_long'],
  ])('refuses %s, naming the column', (_case, cells, column, code) => {
    expect(readRows(VILLAGE_IMPORT, sheet([cells]), '2026-11-25').issues).toEqual([expect.objectContaining({ row: 2, field: column, code })]);
  });
});
