import { describe, expect, it } from 'vitest';
import { readTargetValue } from './targets.rules.ts';

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
