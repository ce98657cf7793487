import { describe, expect, it } from 'vitest';
import type { IndicatorValueCell } from './dashboard.api.ts';
import { changeBetween, classify, colourOf, formatValue, gapText, mapPoints, ordinal, PALETTE, polylinePoints, ranks, sortCells } from './dashboard.rules.ts';

const percent = { factor: 100, decimals: 1, higherIsBetter: true };
const count = { factor: 1, decimals: 0, higherIsBetter: false };

const cell = (orgUnit: string, orgUnitName: string, value: number | null): IndicatorValueCell => ({
  indicator: 'HH_FIBER',
  orgUnit,
  orgUnitName,
  level: 2,
  isDemo: false,
  period: '2025',
  value,
  numerator: null,
  denominator: null,
  reason: value === null ? 'no_data' : null,
  completeness: { reported: 1, expected: 1 },
  inProgress: null,
  target: null,
});

describe('dashboard rules', () => {
  it('formats percentages and counts the Vietnamese way', () => {
    expect(formatValue(84.5, percent)).toBe('84,5%');
    expect(formatValue(920000, count)).toBe('920.000');
  });

  it('signs a gap to the trajectory at the indicator’s precision', () => {
    expect(gapText(-13.33, percent)).toBe('−13,3');
    expect(gapText(1200, count)).toBe('+1.200');
    expect(gapText(0, count)).toBe('±0');
  });

  it('ranks in English words', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 112].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
      '112th',
    ]);
  });

  it('signs a change and judges it by the indicator’s direction', () => {
    expect(changeBetween(45.5, 84.5, percent)).toMatchObject({ arrow: '↑', text: '+39,0', good: true });
    expect(changeBetween(268, 13, count)).toMatchObject({ arrow: '↓', text: '−255', good: true });
    expect(changeBetween(null, 3, count)).toBeNull();
  });

  it('sorts by value with units without a value last, and by Vietnamese name', () => {
    const cells = [cell('1', 'Đình Lập', 50), cell('2', 'Bắc Sơn', null), cell('3', 'Bình Gia', 70), cell('4', 'Chi Lăng', 60)];
    expect(sortCells(cells, 'value', 'descending').map((c) => c.orgUnit)).toEqual(['3', '4', '1', '2']);
    expect(sortCells(cells, 'value', 'ascending').map((c) => c.orgUnit)).toEqual(['1', '4', '3', '2']);
    expect(sortCells(cells, 'name', 'ascending').map((c) => c.orgUnitName)).toEqual(['Bắc Sơn', 'Bình Gia', 'Chi Lăng', 'Đình Lập']);
    expect(ranks(cells, true).get('3')).toBe(1);
    expect(ranks(cells, true).has('2')).toBe(false);
  });

  it('colours light for the better end, whichever direction is better', () => {
    const up = classify([0, 50, 100, null], true);
    const down = classify([0, 50, 100], false);
    expect(colourOf(100, up)).toBe(PALETTE[4]);
    expect(colourOf(0, down)).toBe(PALETTE[4]);
    expect(colourOf(null, up)).not.toBe(PALETTE[0]);
  });

  it('draws a polyline across the box', () => {
    expect(polylinePoints([0, 10], 100, 20, undefined, 0)).toBe('0,20 100,0');
  });

  it('draws villages with a point, coloured on the communes’ scale; no value is hollow and said, not zero', () => {
    const classes = classify([0, 50, 100], true);
    const cells = new Map([
      ['06625001', cell('06625001', 'Hin Đăm', 100)],
      ['06625002', cell('06625002', 'Lũng', null)],
      ['06625003', cell('06625003', 'Zero', 0)],
    ]);
    const units = [
      { code: '06625001', fullName: 'Bản Hin Đăm', location: { latitude: 21.64, longitude: 107.23 } },
      { code: '06625002', fullName: 'Thôn Lũng', location: { latitude: 21.6, longitude: 107.2 } },
      { code: '06625003', fullName: 'Thôn Zero', location: { latitude: 21.61, longitude: 107.21 } },
      { code: '06625004', fullName: 'Thôn Chưa Đo', location: null },
    ];
    const text = (value: number | null) => (value === null ? 'Chưa có số liệu' : formatValue(value, percent));
    expect(mapPoints(units, cells, classes, text)).toEqual([
      { code: '06625001', latitude: 21.64, longitude: 107.23, colour: PALETTE[4], label: 'Bản Hin Đăm: 100,0%' },
      { code: '06625002', latitude: 21.6, longitude: 107.2, colour: null, label: 'Thôn Lũng: Chưa có số liệu' },
      { code: '06625003', latitude: 21.61, longitude: 107.21, colour: PALETTE[0], label: 'Thôn Zero: 0,0%' },
    ]);
  });
});
