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

export interface ValuePlan {
  /** Leaves whose value is new or changed (leaves = 1). */
  setLeaves: LeafChange[];
  /** Leaves that no longer have a value. */
  deleteLeaves: { dataElement: string; period: string; orgUnitCode: string }[];
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
