import type { Message } from '../platform/errors.ts';

/**
 * The households behind a unit's cells in each period of one year that an answer can be compared
 * with: the year alone for yearly figures; the year, its quarters and its months for flows, which
 * add up (a year's visits are its months' visits).
 */
export interface UnitHouseholds {
  code: string;
  parentCode: string | null;
  households: Readonly<Record<string, number>>;
}

/**
 * The units whose household figures a public answer must not show in any period of the year
 * (decision 0017 and its addenda). Primary: a unit with at least one but fewer than `min`
 * households in some period is hidden in every period of the year, so that the year minus its
 * other months, or a quarter minus its other months, gives no small month back. Secondary: in
 * every period where a child is small, some other hidden child of the same parent must have
 * households then too, or the parent's total minus the others would give the small one back; if
 * none has, the smallest other child with households in that period is hidden as well (in every
 * period). A child alone with households in that period leaves its parent as small, hidden in
 * turn at its own level. Carried down: a hidden unit whose children are all public is their sum,
 * and a partner commune given back that way gives back the small one beside it (the province
 * minus the other communes); so in every period where a hidden unit has households, one of its
 * children with households then is hidden too (the smallest), and so on down. `units` holds
 * every child of each parent concerned, and the siblings of each of its ancestors, not only
 * those an answer shows, so every answer suppresses alike.
 */
export function suppressedUnits(units: readonly UnitHouseholds[], min: number): Set<string> {
  const count = (unit: UnitHouseholds, period: string) => unit.households[period] ?? 0;
  const small = (unit: UnitHouseholds, period: string) => count(unit, period) > 0 && count(unit, period) < min;
  // Sorted, so that the units chosen are the same whatever order the counts were read in.
  const periods = [...new Set(units.flatMap((u) => Object.keys(u.households)))].sort();
  const suppressed = new Set(units.filter((u) => periods.some((p) => small(u, p))).map((u) => u.code));
  const byParent = new Map<string, UnitHouseholds[]>();
  for (const unit of units) {
    if (unit.parentCode === null) continue;
    byParent.set(unit.parentCode, [...(byParent.get(unit.parentCode) ?? []), unit]);
  }
  /** Hides the smallest of `candidates` with households in `period`, unless a hidden one already has some then. */
  const hideOneWithHouseholds = (candidates: readonly UnitHouseholds[], period: string) => {
    if (candidates.some((c) => suppressed.has(c.code) && count(c, period) > 0)) return;
    const smallest = candidates.filter((c) => count(c, period) > 0).sort((a, b) => count(a, period) - count(b, period) || a.code.localeCompare(b.code))[0];
    if (smallest) suppressed.add(smallest.code);
  };
  for (const children of byParent.values()) {
    for (const period of periods) {
      for (const child of children.filter((c) => small(c, period))) {
        hideOneWithHouseholds(
          children.filter((c) => c !== child),
          period,
        );
      }
    }
  }
  // Parents before their children, so that a unit hidden here carries down in turn.
  const depths = depthsOf(units);
  for (const unit of [...units].sort((a, b) => depths.get(a.code)! - depths.get(b.code)! || a.code.localeCompare(b.code))) {
    const children = byParent.get(unit.code);
    if (!children || !suppressed.has(unit.code)) continue;
    for (const period of periods) if (count(unit, period) > 0) hideOneWithHouseholds(children, period);
  }
  return suppressed;
}

/** How many of `units` lie above each one (its parent, its parent's parent…). */
function depthsOf(units: readonly UnitHouseholds[]): Map<string, number> {
  const parentOf = new Map(units.map((u) => [u.code, u.parentCode]));
  const depths = new Map<string, number>();
  const depthOf = (code: string): number => {
    const known = depths.get(code);
    if (known !== undefined) return known;
    const parent = parentOf.get(code) ?? null;
    const found = parent !== null && parentOf.has(parent) ? depthOf(parent) + 1 : 0;
    depths.set(code, found);
    return found;
  };
  for (const unit of units) depthOf(unit.code);
  return depths;
}

/** What a public answer says about the cells it leaves out. */
export const suppressionNote = (min: number): Message => ({
  vi: `Ô tính từ ít hơn ${min} hộ được ẩn (kèm một ô cùng cấp nhỏ nhất, để không suy ra được từ tổng) để bảo vệ hộ gia đình; tài khoản có phạm vi bao gồm đơn vị xem được số chính xác.`,
  en: `Cells computed from fewer than ${min} households are suppressed (with the smallest sibling, so a total cannot give them away) to protect households; accounts whose scope covers the unit see exact values.`,
});
