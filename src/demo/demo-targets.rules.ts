import type { TargetsDocument } from '../indicators/index.ts';

/** The demo's 2026–2030 plan as written in `data/plan-targets.json` (its `about` says how it was made). */
export interface PlanTargets {
  source: string;
  orgUnitCode: string;
  baselineYear: number;
  indicators: { indicator: string; byYear: Record<string, number>; baselineYear?: number; scalesWithDemo?: boolean; reasoning: string }[];
}

/**
 * The plan as targets for a demo of this scale: the province's counts (subscribers, villages
 * without coverage, team members) are written for the real province, so they shrink or grow with
 * the demo; shares stay as they are.
 */
export function planTargetsAt(plan: PlanTargets, scale: number): TargetsDocument {
  return {
    source: plan.source,
    orgUnitCode: plan.orgUnitCode,
    baselineYear: plan.baselineYear,
    targets: plan.indicators.flatMap((entry) =>
      Object.entries(entry.byYear).map(([year, value]) => ({
        indicator: entry.indicator,
        year: Number(year),
        value: entry.scalesWithDemo ? Math.round(value * scale) : value,
        ...(entry.baselineYear === undefined ? {} : { baselineYear: entry.baselineYear }),
      })),
    ),
  };
}
