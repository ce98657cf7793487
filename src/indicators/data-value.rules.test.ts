import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LeafValue } from './data-source.ts';
import { planLeafUpdate, planRebuild, type Ancestry } from './data-value.rules.ts';
import { periodIdsOfYears } from './periods.ts';

// Two communes of two villages each under one province.
const ancestry = new Map<string, Ancestry>([
  ['c1v1', { provinceCode: 'p', ancestors: ['p', 'c1'] }],
  ['c1v2', { provinceCode: 'p', ancestors: ['p', 'c1'] }],
  ['c2v1', { provinceCode: 'p', ancestors: ['p', 'c2'] }],
  ['c2v2', { provinceCode: 'p', ancestors: ['p', 'c2'] }],
]);
const leaves = [...ancestry.keys()];

type Store = Map<string, { value: number; leaves: number }>;
const k = (de: string, period: string, unit: string) => `${de}|${period}|${unit}`;

/** Applies a plan to an in-memory store the way the repository applies it to data_value. */
function apply(store: Store, plan: ReturnType<typeof planLeafUpdate>): void {
  for (const s of plan.setLeaves) store.set(k(s.dataElement, s.period, s.orgUnitCode), { value: s.value, leaves: 1 });
  for (const d of plan.deleteLeaves) store.delete(k(d.dataElement, d.period, d.orgUnitCode));
  for (const d of plan.ancestorDeltas) {
    const key = k(d.dataElement, d.period, d.orgUnitCode);
    const old = store.get(key) ?? { value: 0, leaves: 0 };
    store.set(key, { value: old.value + d.value, leaves: old.leaves + d.leaves });
  }
  for (const [key, v] of store) if (v.leaves === 0) store.delete(key);
}

function rebuild(values: readonly LeafValue[]): Store {
  const store: Store = new Map();
  for (const v of values) {
    store.set(k(v.dataElement, v.period, v.orgUnitCode), { value: v.value, leaves: 1 });
    for (const a of ancestry.get(v.orgUnitCode)!.ancestors) {
      const old = store.get(k(v.dataElement, v.period, a)) ?? { value: 0, leaves: 0 };
      store.set(k(v.dataElement, v.period, a), { value: old.value + v.value, leaves: old.leaves + 1 });
    }
  }
  return store;
}

const leafState = fc.dictionary(fc.constantFrom(...leaves), fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }));

describe('incremental data values', () => {
  it('equal a rebuild after any sequence of leaf updates', () => {
    fc.assert(
      fc.property(fc.array(leafState, { minLength: 1, maxLength: 12 }), (updates) => {
        const store: Store = new Map();
        const truth = new Map<string, number>();
        for (const update of updates) {
          const changed = Object.keys(update);
          const previous = changed.flatMap((leaf) => {
            const v = store.get(k('HOUSEHOLDS', '2025', leaf));
            return v ? [{ data_element: 'HOUSEHOLDS', period: '2025', org_unit_code: leaf, value: v.value }] : [];
          });
          const next = changed.flatMap((leaf) =>
            update[leaf] === undefined ? [] : [{ dataElement: 'HOUSEHOLDS', period: '2025', orgUnitCode: leaf, value: update[leaf]! }],
          );
          apply(store, planLeafUpdate(previous, next, ancestry));
          for (const leaf of changed) {
            if (update[leaf] === undefined) truth.delete(leaf);
            else truth.set(leaf, update[leaf]!);
          }
        }
        const expected = rebuild([...truth].map(([orgUnitCode, value]) => ({ dataElement: 'HOUSEHOLDS', period: '2025', orgUnitCode, value })));
        expect(Object.fromEntries(store)).toEqual(Object.fromEntries(expected));
      }),
    );
  });

  it('equal a rebuild when a refresh replaces every period of a year, quarters and months included', () => {
    // What a source gives for a leaf and a year: some of the year's periods, each with a value.
    const periods = ['2025', '2025Q3', '202507', '202508', '2024', '2024Q1', '202401'];
    const leafPeriods = fc.dictionary(fc.constantFrom(...periods), fc.integer({ min: 0, max: 500 }));
    const update = fc.record({ year: fc.constantFrom(2024, 2025), values: fc.dictionary(fc.constantFrom(...leaves), leafPeriods) });
    fc.assert(
      fc.property(fc.array(update, { minLength: 1, maxLength: 10 }), (updates) => {
        const store: Store = new Map();
        const truth = new Map<string, number>();
        for (const { year, values } of updates) {
          const changed = Object.keys(values);
          // As refreshDataValues reads them: every period of the year, for the changed leaves.
          const asked = new Set(periodIdsOfYears([year]));
          const previous = [...store].flatMap(([key, v]) => {
            const [data_element, period, org_unit_code] = key.split('|') as [string, string, string];
            return asked.has(period) && changed.includes(org_unit_code) ? [{ data_element, period, org_unit_code, value: v.value }] : [];
          });
          const next = changed.flatMap((leaf) =>
            Object.entries(values[leaf]!)
              .filter(([period]) => asked.has(period))
              .map(([period, value]) => ({ dataElement: 'VISITS', period, orgUnitCode: leaf, value })),
          );
          apply(store, planLeafUpdate(previous, next, ancestry));
          for (const leaf of changed) for (const period of asked) truth.delete(k('VISITS', period, leaf));
          for (const n of next) truth.set(k(n.dataElement, n.period, n.orgUnitCode), n.value);
        }
        const expected = rebuild(
          [...truth].map(([key, value]) => {
            const [dataElement, period, orgUnitCode] = key.split('|') as [string, string, string];
            return { dataElement, period, orgUnitCode, value };
          }),
        );
        expect(Object.fromEntries(store)).toEqual(Object.fromEntries(expected));
      }),
    );
  });

  it('rebuild from nothing equals the incremental plan from an empty store', () => {
    const value = fc.record({
      dataElement: fc.constantFrom('HOUSEHOLDS', 'RESIDENTS'),
      period: fc.constantFrom('2024', '2025', '2025Q3', '202508'),
      orgUnitCode: fc.constantFrom(...leaves),
      value: fc.integer({ min: 0, max: 500 }),
    });
    // One value per element, period and leaf, as a source computes them.
    const values = fc.uniqueArray(value, { selector: (v) => k(v.dataElement, v.period, v.orgUnitCode), maxLength: 16 });
    fc.assert(
      fc.property(values, (next) => {
        const incremental: Store = new Map();
        apply(incremental, planLeafUpdate([], next, ancestry));
        const plan = planRebuild(next, ancestry);
        const rebuilt: Store = new Map();
        apply(rebuilt, { setLeaves: plan.leaves, deleteLeaves: [], ancestorDeltas: plan.ancestors });
        expect(Object.fromEntries(rebuilt)).toEqual(Object.fromEntries(incremental));
        expect(Object.fromEntries(rebuilt)).toEqual(Object.fromEntries(rebuild(next)));
      }),
    );
  });

  it('writes nothing when nothing changed', () => {
    const plan = planLeafUpdate(
      [{ data_element: 'X', period: '2025', org_unit_code: 'c1v1', value: 3 }],
      [{ dataElement: 'X', period: '2025', orgUnitCode: 'c1v1', value: 3 }],
      ancestry,
    );
    expect(plan).toEqual({ setLeaves: [], deleteLeaves: [], ancestorDeltas: [] });
  });
});
