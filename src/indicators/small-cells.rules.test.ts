import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressedUnits, type UnitHouseholds } from './small-cells.rules.ts';

const village = (code: string, households: number | Record<string, number>): UnitHouseholds => ({
  code,
  parentCode: '06625',
  households: typeof households === 'number' ? { '2025': households } : households,
});

describe('small-cell suppression in one period', () => {
  it('suppresses a village of fewer than 5 households, and the smallest other village so the commune total does not give it away', () => {
    const units = [village('a', 1), village('b', 40), village('c', 12), village('d', 0), { code: '06625', parentCode: '20', households: { '2025': 53 } }];
    expect(suppressedUnits(units, 5)).toEqual(new Set(['a', 'c']));
  });

  it('needs no second village when two are small already, and suppresses nothing from villages of 5 or more', () => {
    expect(suppressedUnits([village('a', 1), village('b', 3), village('c', 12)], 5)).toEqual(new Set(['a', 'b']));
    expect(suppressedUnits([village('a', 5), village('b', 30)], 5)).toEqual(new Set());
  });

  it('never leaves a parent with exactly one suppressed child that has a partner to hide it with', () => {
    const counts = fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(counts, (households) => {
        const units = households.map((n, i) => village(`v${i}`, n));
        const hidden = suppressedUnits(units, 5);
        const withHouseholds = households.map((n, i) => [n, `v${i}`] as const).filter(([n]) => n > 0);
        const hiddenCount = withHouseholds.filter(([, code]) => hidden.has(code)).length;
        if (hiddenCount === 1) expect(withHouseholds.length).toBe(1);
        for (const [n, code] of withHouseholds) if (n < 5) expect(hidden.has(code)).toBe(true);
      }),
    );
  });
});

/**
 * A year of flows as the engine publishes it, in small: the year is the sum of its quarters, each
 * quarter the sum of its months, and in every period a commune is the sum of its villages and the
 * province the sum of its communes.
 */
const MONTHS = ['M1', 'M2', 'M3', 'M4'] as const;
const QUARTERS = { Q1: ['M1', 'M2'], Q2: ['M3', 'M4'] } as const;
const PERIODS = ['Y', 'Q1', 'Q2', ...MONTHS] as const;
type PeriodId = (typeof PERIODS)[number];
type Counts = Record<PeriodId, number>;
/** Each commune's villages, each village's households per period. */
type Table = Record<string, Record<string, Counts>>;
const MIN = 5;
const PROVINCE = 'province';

/** Households per period of a village, from its months: a quarter's and the year's are the sums (as if no household were visited twice). */
function withTotals(months: readonly number[]): Counts {
  const [m1 = 0, m2 = 0, m3 = 0, m4 = 0] = months;
  return { M1: m1, M2: m2, M3: m3, M4: m4, Q1: m1 + m2, Q2: m3 + m4, Y: m1 + m2 + m3 + m4 };
}

const sumOf = (counts: readonly Counts[]) => Object.fromEntries(PERIODS.map((p) => [p, counts.reduce((sum, c) => sum + c[p], 0)])) as Counts;

/** Every unit of the table with its households: the villages, their communes and the province, each with its parent. */
function unitsOf(table: Table): (UnitHouseholds & { households: Counts })[] {
  const villages = Object.entries(table).flatMap(([commune, list]) =>
    Object.entries(list).map(([code, households]) => ({ code, parentCode: commune, households })),
  );
  const communes = Object.entries(table).map(([code, list]) => ({ code, parentCode: PROVINCE, households: sumOf(Object.values(list)) }));
  return [...villages, ...communes, { code: PROVINCE, parentCode: null, households: sumOf(communes.map((c) => c.households)) }];
}

/** A matrix of small integers in reduced row echelon form, with each row's pivot column. */
function reduced(rows: readonly number[][]): { rows: number[][]; pivots: number[] } {
  const m = rows.map((r) => [...r]);
  const columns = m[0]?.length ?? 0;
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < columns && r < m.length; c++) {
    let pivot = r;
    for (let i = r + 1; i < m.length; i++) if (Math.abs(m[i]![c]!) > Math.abs(m[pivot]![c]!)) pivot = i;
    if (Math.abs(m[pivot]![c]!) < 1e-9) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    const lead = m[r]![c]!;
    for (let k = c; k < columns; k++) m[r]![k]! /= lead;
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const factor = m[i]![c]!;
      if (factor !== 0) for (let k = c; k < columns; k++) m[i]![k]! -= factor * m[r]![k]!;
    }
    pivots.push(c);
    r++;
  }
  return { rows: m.slice(0, r), pivots };
}

/**
 * The small cells an attacker cannot read that the published ones nonetheless fix through the
 * sums (of months, quarters, villages and communes): a cell is fixed when its unit vector lies in
 * the row space of the sums restricted to the unknown cells, that is, when in reduced form a row
 * is that cell alone. Cells made from no household are known to be empty, published or not.
 */
function recoverableSmallCells(table: Table, isHidden: (code: string, period: PeriodId) => boolean): string[] {
  const units = unitsOf(table);
  const unknown = units.flatMap((u) => PERIODS.filter((p) => u.households[p] > 0 && isHidden(u.code, p)).map((p) => `${u.code}|${p}`));
  if (unknown.length === 0) return [];
  const index = new Map(unknown.map((cell, i) => [cell, i]));
  const equation = (terms: [string, PeriodId, number][]) => {
    const row = new Array<number>(unknown.length).fill(0);
    for (const [code, period, sign] of terms) {
      const i = index.get(`${code}|${period}`);
      if (i !== undefined) row[i]! += sign;
    }
    return row;
  };
  const sums: number[][] = [];
  for (const { code } of units) {
    sums.push(
      equation([
        [code, 'Y', 1],
        [code, 'Q1', -1],
        [code, 'Q2', -1],
      ]),
    );
    for (const [quarter, months] of Object.entries(QUARTERS))
      sums.push(equation([[code, quarter as PeriodId, 1], ...months.map((m) => [code, m, -1] as [string, PeriodId, number])]));
  }
  for (const parent of units) {
    const children = units.filter((u) => u.parentCode === parent.code);
    if (children.length === 0) continue;
    for (const p of PERIODS) sums.push(equation([[parent.code, p, 1], ...children.map((c) => [c.code, p, -1] as [string, PeriodId, number])]));
  }
  const { rows, pivots } = reduced(sums);
  const alone = new Set(pivots.filter((column, r) => rows[r]!.every((x, k) => k === column || Math.abs(x) < 1e-9)));
  const countOf = new Map(units.map((u) => [u.code, u.households]));
  return unknown.filter((cell, i) => {
    const [code, period] = cell.split('|') as [string, PeriodId];
    return countOf.get(code)![period] < MIN && alone.has(i);
  });
}

const smallUnitsHidden = (units: readonly UnitHouseholds[], hidden: ReadonlySet<string>) => {
  for (const unit of units) for (const n of Object.values(unit.households)) if (n > 0 && n < MIN) expect(hidden.has(unit.code)).toBe(true);
};

describe('small-cell suppression across the periods of a year', () => {
  it('hides a village in every period of the year when it is small in one month, so the year minus its other months gives nothing back', () => {
    const table = { '06625': { a: withTotals([2, 9, 9, 9]), b: withTotals([7, 8, 6, 9]), c: withTotals([30, 30, 30, 30]) } };
    const hidden = suppressedUnits(unitsOf(table), MIN);
    expect(hidden).toEqual(new Set(['a', 'b']));
    expect(recoverableSmallCells(table, (code) => hidden.has(code))).toEqual([]);
    // Hiding the small month alone, with its partner (what the rule of one period did), let the quarter give it back.
    expect(recoverableSmallCells(table, (code, period) => period === 'M1' && (code === 'a' || code === 'b'))).toEqual(['a|M1']);
  });

  it('picks a partner with households in the small month itself, or one that has none to hide then would be known empty', () => {
    const table = { '06625': { a: withTotals([3, 20, 20, 20]), e: withTotals([0, 6, 6, 6]), b: withTotals([25, 25, 25, 25]) } };
    const hidden = suppressedUnits(unitsOf(table), MIN);
    expect(hidden).toEqual(new Set(['a', 'b']));
    expect(recoverableSmallCells(table, (code) => hidden.has(code))).toEqual([]);
  });

  it('leaves no small cell that the published cells and the sums of months, quarters and villages fix', () => {
    const months = fc.array(fc.nat({ max: 9 }), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(months, { minLength: 1, maxLength: 5 }), (villages) => {
        const table = { '06625': Object.fromEntries(villages.map((m, i) => [`v${i}`, withTotals(m)])) };
        const units = unitsOf(table);
        const hidden = suppressedUnits(units, MIN);
        smallUnitsHidden(units, hidden);
        expect(recoverableSmallCells(table, (code) => hidden.has(code))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('small-cell suppression down the territory (province, communes, villages)', () => {
  it('carries a partner commune down to one of its villages, so its public villages do not add up to it', () => {
    // Kiên Mộc had two households visited in the first month, all in one village.
    const table = {
      kienMoc: { hinDam: withTotals([2, 0, 0, 0]) },
      tanThanh: { x: withTotals([10, 10, 10, 10]), y: withTotals([12, 12, 12, 12]) },
      hoaBinh: { z: withTotals([30, 30, 30, 30]), w: withTotals([31, 31, 31, 31]) },
    };
    const hidden = suppressedUnits(unitsOf(table), MIN);
    expect(hidden).toEqual(new Set(['hinDam', 'kienMoc', 'tanThanh', 'x']));
    expect(recoverableSmallCells(table, (code) => hidden.has(code))).toEqual([]);
    // The partner commune hidden alone (the rule before): its villages give it back, then the province minus it gives Kiên Mộc.
    expect(recoverableSmallCells(table, (code) => hidden.has(code) && code !== 'x')).toEqual(expect.arrayContaining(['kienMoc|M1', 'hinDam|M1']));
  });

  it('leaves no small cell, of a village or of a whole commune, that the published cells and every sum fix', () => {
    const months = fc.array(fc.nat({ max: 7 }), { minLength: 4, maxLength: 4 });
    const commune = fc.array(months, { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(commune, { minLength: 1, maxLength: 4 }), (communes) => {
        const table = Object.fromEntries(communes.map((villages, c) => [`c${c}`, Object.fromEntries(villages.map((m, v) => [`c${c}v${v}`, withTotals(m)]))]));
        const units = unitsOf(table);
        const hidden = suppressedUnits(units, MIN);
        smallUnitsHidden(units, hidden);
        expect(recoverableSmallCells(table, (code) => hidden.has(code))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
