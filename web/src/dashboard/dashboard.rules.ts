import type { Indicator, IndicatorValueCell } from './dashboard.api.ts';

/** Indicators whose leaves are communes (operator and point-of-presence reports), not villages. */
const COMMUNE_LEAF = new Set(['COM_FIBER', 'SUB_SMARTPHONE']);
export const leafKind = (code: string): 'communes' | 'villages' => (COMMUNE_LEAF.has(code) ? 'communes' : 'villages');

const formats = new Map<number, Intl.NumberFormat>();
function numberFormat(decimals: number): Intl.NumberFormat {
  let format = formats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formats.set(decimals, format);
  }
  return format;
}

/** `84,5%` for a percentage, `920.000` for a count: Vietnamese digits in both languages. */
export function formatValue(value: number, indicator: Pick<Indicator, 'factor' | 'decimals'>): string {
  const text = numberFormat(indicator.decimals).format(value);
  return indicator.factor === 100 ? `${text}%` : text;
}

export interface Change {
  delta: number;
  arrow: '↑' | '↓' | '→';
  text: string;
  /** Whether the move is in the good direction; null when flat. */
  good: boolean | null;
}

/** The change between two values, signed, with the unit of a percentage's change in points. */
export function changeBetween(from: number | null, to: number | null, indicator: Pick<Indicator, 'factor' | 'decimals' | 'higherIsBetter'>): Change | null {
  if (from === null || to === null) return null;
  const scale = 10 ** indicator.decimals;
  const delta = Math.round((to - from) * scale) / scale;
  const magnitude = numberFormat(indicator.decimals).format(Math.abs(delta));
  if (delta === 0) return { delta, arrow: '→', text: magnitude, good: null };
  const sign = delta > 0 ? '+' : '−';
  return { delta, arrow: delta > 0 ? '↑' : '↓', text: `${sign}${magnitude}`, good: delta > 0 === indicator.higherIsBetter };
}

/** A gap to a trajectory, signed, at the indicator's precision: `−13,3`, `+1.200` (a percentage's in points). */
export function gapText(gap: number, indicator: Pick<Indicator, 'decimals'>): string {
  const magnitude = numberFormat(indicator.decimals).format(Math.abs(gap));
  return `${gap > 0 ? '+' : gap < 0 ? '−' : '±'}${magnitude}`;
}

/** "3rd", "21st", "12th": an English rank. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

const collator = new Intl.Collator('vi');
export const compareNames = (a: string, b: string) => collator.compare(a, b);

export type SortKey = 'name' | 'value';
export type SortDirection = 'ascending' | 'descending';

/** Sorted by name (Vietnamese order) or value; units without a value always last, whichever the direction. */
export function sortCells(cells: readonly IndicatorValueCell[], key: SortKey, direction: SortDirection): IndicatorValueCell[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...cells].sort((a, b) => {
    if (key === 'value') {
      if (a.value === null || b.value === null) {
        if (a.value === b.value) return compareNames(a.orgUnitName, b.orgUnitName);
        return a.value === null ? 1 : -1;
      }
      if (a.value !== b.value) return sign * (a.value - b.value);
      return compareNames(a.orgUnitName, b.orgUnitName);
    }
    return sign * compareNames(a.orgUnitName, b.orgUnitName);
  });
}

/** Rank by value, the best first (ties share a rank); null when the unit has no value. */
export function ranks(cells: readonly IndicatorValueCell[], higherIsBetter: boolean): Map<string, number> {
  const valued = cells.filter((cell) => cell.value !== null).map((cell) => cell.value as number);
  valued.sort((a, b) => (higherIsBetter ? b - a : a - b));
  const result = new Map<string, number>();
  for (const cell of cells) if (cell.value !== null) result.set(cell.orgUnit, valued.indexOf(cell.value) + 1);
  return result;
}

/** A colour-blind-safe sequential scale (viridis, 5 classes), dark to light. */
export const PALETTE = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'] as const;
export const NO_VALUE_COLOUR = '#d5dbd3';

export interface Classes {
  /** The lower bound of each class, ascending. */
  breaks: number[];
  min: number;
  max: number;
  /** Colour of each class, ascending by value: light is always the better end. */
  colours: string[];
}

/** Five equal intervals between the smallest and the largest value. */
export function classify(values: readonly (number | null)[], higherIsBetter: boolean): Classes | null {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return null;
  const min = Math.min(...present);
  const max = Math.max(...present);
  const step = (max - min) / PALETTE.length;
  const breaks = PALETTE.map((_, i) => min + i * step);
  const colours = higherIsBetter ? [...PALETTE] : [...PALETTE].reverse();
  return { breaks, min, max, colours };
}

export function classOf(value: number, classes: Classes): number {
  let index = 0;
  for (let i = 0; i < classes.breaks.length; i++) if (value >= (classes.breaks[i] as number)) index = i;
  return index;
}

export function colourOf(value: number | null, classes: Classes | null): string {
  if (value === null || !classes) return NO_VALUE_COLOUR;
  return classes.colours[classOf(value, classes)] ?? NO_VALUE_COLOUR;
}

/** A village drawn as a point; `colour` null when it has no value, which is not the same as zero. */
export interface MapPoint {
  code: string;
  latitude: number;
  longitude: number;
  colour: string | null;
  /** Tooltip and accessible name, e.g. "Bản Hin Đăm: 84,5%". */
  label: string;
}

export interface PlacedUnit {
  code: string;
  fullName: string;
  location: { latitude: number; longitude: number } | null;
}

/**
 * The villages that can be drawn (those with a point), coloured on `classes`; a village without a
 * value keeps no colour and says so in its label, because null is "no data", never zero.
 */
export function mapPoints(
  units: readonly PlacedUnit[],
  cells: ReadonlyMap<string, IndicatorValueCell>,
  classes: Classes | null,
  valueText: (value: number | null) => string,
): MapPoint[] {
  return units.flatMap((unit) => {
    if (!unit.location) return [];
    const value = cells.get(unit.code)?.value ?? null;
    return [{ code: unit.code, ...unit.location, colour: value === null ? null : colourOf(value, classes), label: `${unit.fullName}: ${valueText(value)}` }];
  });
}

/** Points of a polyline through `values` in a width × height box (nulls break nothing: they are skipped). */
export function polylinePoints(values: readonly (number | null)[], width: number, height: number, range?: { min: number; max: number }, pad = 2): string {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return '';
  const min = range?.min ?? Math.min(...present);
  const max = range?.max ?? Math.max(...present);
  const span = max - min || 1;
  const stepX = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const points: string[] = [];
  values.forEach((value, i) => {
    if (value === null) return;
    const x = pad + i * stepX;
    const y = height - pad - ((value - min) / span) * (height - 2 * pad);
    points.push(`${round(x)},${round(y)}`);
  });
  return points.join(' ');
}

const round = (n: number) => Math.round(n * 10) / 10;
