import { describe, expect, it } from 'vitest';
import { readTargetValue, trajectory } from './targets.rules.ts';

const percent = { factor: 100 };
const count = { factor: 1 };

describe('target values as typed', () => {
  it.each([
    ['85', 85],
    ['85,5', 85.5],
    ['85.5', 85.5],
    [' 100 ', 100],
    ['0', 0],
  ])('reads the percentage %s', (input, value) => expect(readTargetValue(input, percent)).toEqual({ value }));

  it.each([
    ['1.200', 1200],
    ['921.500', 921500],
    ['1 200', 1200],
    ['42', 42],
    ['42,0', 42],
  ])('reads the count %s', (input, value) => expect(readTargetValue(input, count)).toEqual({ value }));

  it.each([
    ['', percent, 'dash.tg.error_required'],
    ['abc', percent, 'dash.tg.error_number'],
    ['8,5,5', percent, 'dash.tg.error_number'],
    ['150', percent, 'dash.tg.error_percent'],
    ['-1', percent, 'dash.tg.error_percent'],
    ['-5', count, 'dash.tg.error_negative'],
    ['1,5', count, 'dash.tg.error_count_decimal'],
    ['12.34', count, 'dash.tg.error_count_decimal'],
  ] as const)('refuses %s with a message that says why', (input, indicator, problem) => expect(readTargetValue(input, indicator)).toEqual({ problem }));
});

describe('the targets’ trajectory', () => {
  it('runs from the unit’s own baseline value to each target, and stops after the last', () => {
    const targets = [2026, 2030].map((year) => ({
      indicatorCode: 'HH_FIBER',
      orgUnitCode: '20',
      year,
      value: year === 2026 ? 60 : 100,
      baselineYear: 2021,
      baselineValue: null,
    }));
    const years = [2020, 2021, 2025, 2026, 2028, 2030, 2031];
    expect(trajectory(targets, years, (year) => (year === 2021 ? 10 : null))).toEqual([null, 10, 50, 60, 80, 100, null]);
  });
  it('draws nothing before the first target when the baseline year has no value', () => {
    const targets = [{ indicatorCode: 'HH_FIBER', orgUnitCode: '20', year: 2026, value: 60, baselineYear: 2021, baselineValue: null }];
    expect(trajectory(targets, [2025, 2026], () => null)).toEqual([null, 60]);
  });
});
