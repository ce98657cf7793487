import { describe, expect, it } from 'vitest';
import { broadbandTimeline, mobileTimeline } from './coverage-timeline.rules.ts';

const record = (technology: '2G' | '3G' | '4G' | '5G', quality: 'none' | 'unstable' | 'stable', observedOn: string) => ({
  operatorCode: 'viettel',
  technology,
  quality,
  observedOn,
});

describe('a village’s coverage as a story', () => {
  it('reads Hin Đăm’s records as "no signal, then 4G stable"', () => {
    const records = [
      ...(['2G', '3G', '4G', '5G'] as const).map((technology) => record(technology, 'none', '2021-01-01')),
      ...(['2G', '3G', '4G'] as const).map((technology) => record(technology, 'stable', '2022-05-10')),
    ];
    expect(mobileTimeline(records)).toEqual([
      { observedOn: '2021-01-01', stable: null, unstable: null },
      { observedOn: '2022-05-10', stable: '4G', unstable: null },
    ]);
  });

  it('adds a better unstable technology, and drops days when nothing visible changed', () => {
    const records = [
      record('3G', 'stable', '2021-01-01'),
      record('2G', 'stable', '2021-06-01'),
      record('4G', 'unstable', '2023-01-01'),
      record('2G', 'unstable', '2024-01-01'),
    ];
    expect(mobileTimeline(records)).toEqual([
      { observedOn: '2021-01-01', stable: '3G', unstable: null },
      { observedOn: '2023-01-01', stable: '3G', unstable: '4G' },
    ]);
  });

  it('keeps fixed broadband changes only', () => {
    const step = (observedOn: string, fiberReaches: boolean, ftthAvailable: boolean) => ({ observedOn, fiberReaches, ftthAvailable });
    expect(broadbandTimeline([step('2023-01-01', true, true), step('2021-01-01', false, false), step('2022-01-01', false, false)])).toEqual([
      step('2021-01-01', false, false),
      step('2023-01-01', true, true),
    ]);
  });
});
