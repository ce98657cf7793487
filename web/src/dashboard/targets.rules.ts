import { expectedAt } from '../../../src/indicators/target.rules.ts';
import type { MessageKey } from '../platform/i18n.ts';
import type { Indicator, Target } from './dashboard.api.ts';

/** The years the plan sets targets for (the province's 2026–2030 programme). */
export const TARGET_YEARS = [2026, 2027, 2028, 2029, 2030] as const;

export type TargetValue = { value: number } | { problem: MessageKey };

/**
 * Reads a target as an official types it, the Vietnamese way: a decimal comma (85,5) and, in
 * counts, dots between thousands (1.200). A percentage also takes a decimal point (85.5), which
 * cannot be a thousands separator below 100. The range is checked here because the API accepts
 * any finite number: a 150% target is a typing slip, not a plan.
 */
export function readTargetValue(input: string, indicator: Pick<Indicator, 'factor'>): TargetValue {
  const raw = input.trim().replace(/\s/g, '');
  if (!raw) return { problem: 'dash.tg.error_required' };
  const percent = indicator.factor === 100;
  if (!percent && /,\d*[1-9]/.test(raw)) return { problem: 'dash.tg.error_count_decimal' };
  const normalised = percent ? raw.replace(',', '.') : raw.replace(/\.(?=\d{3}(\D|$))/g, '').replace(/,0*$/, '');
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return { problem: 'dash.tg.error_number' };
  const value = Number(normalised);
  if (!Number.isFinite(value)) return { problem: 'dash.tg.error_number' };
  if (percent && (value < 0 || value > 100)) return { problem: 'dash.tg.error_percent' };
  if (!percent && value < 0) return { problem: 'dash.tg.error_negative' };
  if (!percent && !Number.isInteger(value)) return { problem: 'dash.tg.error_count_decimal' };
  return { value };
}

/**
 * The line the targets draw over `years`, as the server measures against it: each target in its
 * year, the straight line from the baseline before it. A target left without a baseline value
 * (the usual case, and always for one handed down from the province) starts from the unit's own
 * value in the baseline year, `valueIn`.
 */
export function trajectory(targets: readonly Target[], years: readonly number[], valueIn: (year: number) => number | null): (number | null)[] {
  const based = targets.map((target) => ({ ...target, baselineValue: target.baselineValue ?? valueIn(target.baselineYear) }));
  return years.map((year) => expectedAt(year, based)?.expected ?? null);
}
