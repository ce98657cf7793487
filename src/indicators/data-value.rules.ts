import type { LeafValue } from './data-source.ts';

export interface Ancestry {
  provinceCode: string;
  /** Codes above the leaf, province first. */
  ancestors: string[];
}

export interface LeafChange {
  dataElement: string;
  period: string;
  orgUnitCode: string;
  provinceCode: string;
  value: number;
  leaves: number;
}

/** Which value: of a data element, in a period, at a unit. */
export interface LeafKey {
  dataElement: string;
  period: string;
  orgUnitCode: string;
}

export interface ValuePlan {
  /** Leaves whose value is new or changed (leaves = 1). */
  setLeaves: LeafChange[];
  /** Leaves that no longer have a value. */
  deleteLeaves: LeafKey[];
  /** Differences to add to ancestors: value and number of contributing leaves. */
  ancestorDeltas: LeafChange[];
}

const key = (dataElement: string, period: string, orgUnitCode: string) => `${dataElement}|${period}|${orgUnitCode}`;

/**
 * What to write so that stored values match freshly computed ones for a set of leaves:
 * the leaves themselves, and for every ancestor the exact difference. Pure, so the property
 * "incremental updates in any order equal a rebuild" is tested without a database.
 */
export function planLeafUpdate(
  previous: readonly { data_element: string; period: string; org_unit_code: string; value: number }[],
  next: readonly LeafValue[],
  ancestry: ReadonlyMap<string, Ancestry>,
): ValuePlan {
  const before = new Map(previous.map((p) => [key(p.data_element, p.period, p.org_unit_code), p.value]));
  const after = new Map(next.map((n) => [key(n.dataElement, n.period, n.orgUnitCode), n]));
  const plan: ValuePlan = { setLeaves: [], deleteLeaves: [], ancestorDeltas: [] };
  const deltas = new Map<string, LeafChange>();

  const addDelta = (dataElement: string, period: string, leaf: string, value: number, leaves: number) => {
    const place = ancestry.get(leaf);
    if (!place) return;
    for (const orgUnitCode of place.ancestors) {
      const k = key(dataElement, period, orgUnitCode);
      const d = deltas.get(k) ?? { dataElement, period, orgUnitCode, provinceCode: place.provinceCode, value: 0, leaves: 0 };
      d.value += value;
      d.leaves += leaves;
      deltas.set(k, d);
    }
  };

  for (const [k, n] of after) {
    const old = before.get(k);
    if (old === n.value) continue;
    const provinceCode = ancestry.get(n.orgUnitCode)?.provinceCode ?? '';
    plan.setLeaves.push({ ...n, provinceCode, leaves: 1 });
    addDelta(n.dataElement, n.period, n.orgUnitCode, n.value - (old ?? 0), old === undefined ? 1 : 0);
  }
  for (const p of previous) {
    if (after.has(key(p.data_element, p.period, p.org_unit_code))) continue;
    plan.deleteLeaves.push({ dataElement: p.data_element, period: p.period, orgUnitCode: p.org_unit_code });
    addDelta(p.data_element, p.period, p.org_unit_code, -p.value, -1);
  }
  plan.ancestorDeltas = [...deltas.values()].filter((d) => d.value !== 0 || d.leaves !== 0);
  return plan;
}

/**
 * A rebuild from an empty store: every leaf as computed, and every ancestor as the sum of its
 * leaves with their count — what `planLeafUpdate` gives from nothing, without a map of every
 * leaf (a full rebuild at scale 10 has millions). Summing here rather than in SQL saves a join of
 * every stored value with every unit above it; the leaves are in memory anyway.
 */
export function planRebuild(values: readonly LeafValue[], ancestry: ReadonlyMap<string, Ancestry>): { leaves: LeafChange[]; ancestors: LeafChange[] } {
  const leaves: LeafChange[] = [];
  const sums = new Map<string, LeafChange>();
  for (const v of values) {
    const place = ancestry.get(v.orgUnitCode);
    if (!place) continue;
    leaves.push({ dataElement: v.dataElement, period: v.period, orgUnitCode: v.orgUnitCode, provinceCode: place.provinceCode, value: v.value, leaves: 1 });
    for (const orgUnitCode of place.ancestors) {
      const k = key(v.dataElement, v.period, orgUnitCode);
      const sum = sums.get(k);
      if (sum) {
        sum.value += v.value;
        sum.leaves += 1;
      } else {
        sums.set(k, { dataElement: v.dataElement, period: v.period, orgUnitCode, provinceCode: place.provinceCode, value: v.value, leaves: 1 });
      }
    }
  }
  return { leaves, ancestors: [...sums.values()] };
}
