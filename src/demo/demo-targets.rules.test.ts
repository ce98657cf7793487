import { describe, expect, it } from 'vitest';
import { readDemoData } from './generate-demo-province.ts';
import { planTargetsAt } from './demo-targets.rules.ts';

const { planTargets } = readDemoData();

describe('the demo’s 2026–2030 targets', () => {
  it('give every indicator of the catalogue a target for each year of the plan, with its reasoning', () => {
    expect(planTargets.indicators).toHaveLength(21);
    for (const entry of planTargets.indicators) {
      expect(Object.keys(entry.byYear), entry.indicator).toEqual(['2026', '2027', '2028', '2029', '2030']);
      expect(entry.reasoning.length, entry.indicator).toBeGreaterThan(20);
    }
  });

  it('move towards the aim year by year, never back', () => {
    const lowerIsBetter = new Set(['VIL_NO_MOBILE', 'VIL_NO_BROADBAND']);
    for (const entry of planTargets.indicators) {
      const values = Object.values(entry.byYear);
      const sorted = [...values].sort((a, b) => (lowerIsBetter.has(entry.indicator) ? b - a : a - b));
      expect(values, entry.indicator).toEqual(sorted);
    }
  });

  it('scale the province’s counts with the demo and keep its shares', () => {
    const tenth = planTargetsAt(planTargets, 0.1).targets;
    const at = (indicator: string, year: number) => tenth.find((t) => t.indicator === indicator && t.year === year);
    expect(at('SUB_SMARTPHONE', 2030)).toEqual({ indicator: 'SUB_SMARTPHONE', year: 2030, value: 107000 });
    expect(at('HH_FIBER', 2030)).toEqual({ indicator: 'HH_FIBER', year: 2030, value: 96 });
    expect(at('TEAM_TRAINED', 2026)).toEqual({ indicator: 'TEAM_TRAINED', year: 2026, value: 96, baselineYear: 2022 });
    expect(tenth).toHaveLength(105);
  });
});
