import { NEEDS, type Need } from '../../../src/teams/fieldwork.rules.ts';
import { roleMay } from '../../../src/accounts/access.policy.ts';
import type { Me } from '../accounts/session.ts';
import type { UnitActivity } from './team-activity.api.ts';

/**
 * The pure part of the community digital teams page: which unit to open, the table's rows and
 * their order, the CSV, the bars of the weekly chart.
 */

/** The table sums the last four weeks: a month of field work, what the commune reports on. */
export const RECENT_WEEKS = 4;

/** The units the account may open, the widest first (the province before a commune, a commune before a village). */
export function scopeUnits(me: Me | null | undefined): { code: string; name: string }[] {
  const grants = (me?.roles ?? []).filter((r) => roleMay(r.role, 'fieldwork:read'));
  const unique = [...new Map(grants.map((r) => [r.orgUnitCode, { code: r.orgUnitCode, name: r.orgUnitName }])).values()];
  return unique.sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
}

/** The unit the page opens on: the widest scope the account has. */
export const defaultUnit = (me: Me | null | undefined): string | null => scopeUnits(me)[0]?.code ?? null;

export interface ActivityRow {
  code: string;
  name: string;
  isDemo: boolean;
  visits: number;
  trainings: number;
  members: number;
  trained: number;
  households: number;
  lacking: Record<Need, number>;
  needsAttention: number;
  staleDevices: number;
}

export const SORT_KEYS = ['name', 'visits', 'trainings', 'members', 'households', ...NEEDS, 'needsAttention', 'staleDevices'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';

const sumLast = (values: readonly number[], count: number) => values.slice(-count).reduce((sum, n) => sum + n, 0);

export function toRow(unit: UnitActivity, recentWeeks = RECENT_WEEKS): ActivityRow {
  return {
    code: unit.code,
    name: unit.name,
    isDemo: unit.isDemo,
    visits: sumLast(unit.visits, recentWeeks),
    trainings: sumLast(unit.trainings, recentWeeks),
    members: unit.teamMembers,
    trained: unit.membersTrained,
    households: unit.households,
    lacking: unit.lacking,
    needsAttention: unit.needsAttention,
    staleDevices: unit.staleDevices,
  };
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

export function valueOf(row: ActivityRow, key: Exclude<SortKey, 'name'>): number {
  return (NEEDS as readonly string[]).includes(key) ? row.lacking[key as Need] : (row[key as Exclude<SortKey, 'name' | Need>] as number);
}

/** Sorted by one column; equal values by name, so the order never depends on the server's. */
export function sortRows(rows: readonly ActivityRow[], key: SortKey, direction: SortDirection): ActivityRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const byName = collator.compare(a.name, b.name);
    if (key === 'name') return sign * byName;
    return sign * (valueOf(a, key) - valueOf(b, key)) || byName;
  });
}

/** Names first, numbers next, the default direction of each: most visits first, A to Z. */
export const firstDirection = (key: SortKey): SortDirection => (key === 'name' ? 'ascending' : 'descending');

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

export interface BarChart {
  /** Per week: the visits bar and the trainings bar side by side. */
  groups: { x: number; visits: Bar; trainings: Bar }[];
  /** The top of the scale, a round number at or above the largest value. */
  max: number;
  ticks: number[];
}

/** A round scale top: 1, 2, 5 × 10ⁿ at or above `value`, at least 2 so the middle tick is a whole number too. */
export function niceMax(value: number): number {
  if (value <= 2) return 2;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= value) ?? 10 * power;
}

/** Bars in a `width` × `height` plot area: a group per week, visits then trainings, scaled to one shared axis. */
export function barChart(visits: readonly number[], trainings: readonly number[], width: number, height: number): BarChart {
  const max = niceMax(Math.max(0, ...visits, ...trainings));
  const slot = visits.length > 0 ? width / visits.length : width;
  const barWidth = Math.max(1, slot * 0.36);
  const bar = (value: number, x: number): Bar => {
    const h = (value / max) * height;
    return { x, y: height - h, width: barWidth, height: h, value };
  };
  return {
    max,
    // Counts are whole: a tick at 2.5 would print as a rounded, repeated label.
    ticks: [0, max / 2, max].filter(Number.isInteger),
    groups: visits.map((v, k) => {
      const x = k * slot + slot * 0.12;
      return { x: k * slot, visits: bar(v, x), trainings: bar(trainings[k] ?? 0, x + barWidth) };
    }),
  };
}
