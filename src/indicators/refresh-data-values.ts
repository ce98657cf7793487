import type { Db } from '../platform/database.ts';
import { newSharedWork, type DataSource } from './data-source.ts';
import { planLeafUpdate, planRebuild, type LeafChange, type ValuePlan } from './data-value.rules.ts';
import { dataSources, sourcesAffectedBy } from './sources.ts';
import { checkValidationRules } from './run-validation.ts';
import { currentYear, periodIdsOfYears, yearsFrom } from './periods.ts';
import { LEVEL } from '../territory/index.ts';
import {
  countLeafCoverage,
  createIndexes,
  dropSecondaryIndexes,
  deleteOtherElements,
  deleteValues,
  hasAnyValue,
  holdOffValueWriters,
  insertValues,
  lockLeavesAndReadValues,
  readAllAncestry,
  readElementValues,
  setLeafValues,
  useRebuildMemory,
  writeLeafPlan,
} from './data-value.repository.ts';

/**
 * What a write changed: leaves (villages, or communes), from which years, and the data elements
 * its rows feed (undefined: every source of that level, for a bulk load). Only the sources that
 * compute or read those elements are recomputed.
 */
export interface DataChange {
  leafLevel: DataSource['leafLevel'];
  leaves: readonly string[];
  years: readonly number[];
  elements?: readonly string[] | undefined;
}

/** Changes noted by the writes of a transaction that refreshes once at its end (`refreshAtEnd`). */
const pending = new WeakMap<Db, DataChange[]>();

/**
 * Brings every value that depends on these leaves and years up to date, inside the caller's
 * transaction: the write and its indicators commit together, so the next read is correct. Inside
 * `refreshAtEnd` the change is only noted, and refreshed with the others before the commit.
 */
export async function refreshDataValues(tx: Db, change: DataChange): Promise<void> {
  if (change.leaves.length === 0 || change.years.length === 0) return;
  const noted = pending.get(tx);
  if (noted) {
    noted.push(change);
    return;
  }
  const sources = sourcesAffectedBy(change.elements).filter((s) => s.leafLevel === change.leafLevel);
  if (sources.length === 0) return;
  // Every period of the years, quarters and months included: the source recomputes them all, so
  // a value it no longer gives (a visit moved to another month) is deleted, as a rebuild would.
  const periods = periodIdsOfYears(change.years);
  const shared = newSharedWork();
  // Round trips are what a write costs under load (each waits its turn in a busy server), and those
  // from the lock to the commit are what the next write to the same leaves waits for: the lock and
  // the stored values of every source come in one, and everything is written in one statement.
  const { ancestry, stored } = await lockLeavesAndReadValues(
    tx,
    change.leaves,
    sources.flatMap((source) => source.elements.map((e) => e.code)),
    periods,
  );
  const plan: ValuePlan = { setLeaves: [], deleteLeaves: [], ancestorDeltas: [] };
  for (const source of sources) {
    const elements = new Set(source.elements.map((e) => e.code));
    const next = await source.compute(tx, change.years, change.leaves, shared);
    const part = planLeafUpdate(
      stored.filter((v) => elements.has(v.data_element)),
      next,
      ancestry,
    );
    plan.setLeaves.push(...part.setLeaves);
    plan.deleteLeaves.push(...part.deleteLeaves);
    plan.ancestorDeltas.push(...part.ancestorDeltas);
  }
  // The leaves' rows are held from here to the commit; the ancestors' (the province's above all,
  // every writer's) are added to at the commit (migration 0026), so a write holds them for the
  // commit's few milliseconds only. The rules are checked where values changed after the commit
  // (`checkPendingValidation`, run-validation.ts; decision 0053), not in the write.
  await writeLeafPlan(tx, plan);
}

/** After a dated change to a village or commune, the values of these elements from that year on are brought up to date. */
export const refreshUnit = (tx: Db, unit: { code: string; level: number }, fromDate: string, elements: readonly string[]) =>
  refreshDataValues(tx, {
    leafLevel: unit.level === LEVEL.commune ? 'commune' : 'village',
    leaves: [unit.code],
    years: yearsFrom(Number(fromDate.slice(0, 4))),
    elements,
  });

/**
 * Runs a batch of writes in one transaction with their indicator refreshes put off to its end and
 * merged: one refresh per leaf level for the whole batch (a sync push of 50 visits to one village
 * recomputes that village once, not 50 times). Still before the commit, so the batch and its
 * values become visible together. Merging widens a little (every leaf from the earliest year, the
 * union of the elements), which a refresh, recomputing from the rows, tolerates.
 */
export async function refreshAtEnd<T>(tx: Db, work: () => Promise<T>): Promise<T> {
  const changes: DataChange[] = [];
  pending.set(tx, changes);
  let result: T;
  try {
    result = await work();
  } finally {
    pending.delete(tx);
  }
  for (const leafLevel of ['village', 'commune'] as const) {
    const of = changes.filter((c) => c.leafLevel === leafLevel);
    if (of.length === 0) continue;
    const everything = of.some((c) => !c.elements);
    await refreshDataValues(tx, {
      leafLevel,
      leaves: [...new Set(of.flatMap((c) => c.leaves))],
      years: [...new Set(of.flatMap((c) => c.years))].sort((a, b) => a - b),
      elements: everything ? undefined : [...new Set(of.flatMap((c) => c.elements ?? []))],
    });
  }
  return result;
}

/**
 * At start: a new year, or units added outside the engine, leave leaves without values; a
 * small-cell basis declared after the values it guards were stored leaves them unguarded (public
 * and exact). Then everything is rebuilt once. Otherwise nothing is done.
 */
export async function ensureIndicatorsCurrent(db: Db): Promise<boolean> {
  const period = String(currentYear());
  for (const source of dataSources()) {
    const level = source.leafLevel === 'commune' ? LEVEL.commune : LEVEL.village;
    const { leaves, withValue } = await countLeafCoverage(db, level, source.reporting.expected, period);
    if (leaves !== withValue || (await lacksSmallCellBasis(db, source))) {
      await rebuildIndicators(db);
      return true;
    }
  }
  return false;
}

/** A source's own small-cell basis has no value at all while an element it guards has some (decision 0045). */
async function lacksSmallCellBasis(db: Db, source: DataSource): Promise<boolean> {
  const basis = source.smallCells?.households;
  if (!basis || !source.elements.some((e) => e.code === basis) || (await hasAnyValue(db, basis))) return false;
  for (const element of source.smallCells!.elements) if (element !== basis && (await hasAnyValue(db, element))) return true;
  return false;
}

/** For repairs and after bulk loads: recomputes every value from the raw rows. */
export async function rebuildIndicators(db: Db, onProgress?: (step: string) => void): Promise<{ values: number; seconds: number } & RebuildFindings> {
  const started = performance.now();
  const years = yearsFrom(0);
  return db.transaction().execute(async (tx) => {
    await holdOffValueWriters(tx);
    await useRebuildMemory(tx);
    // A first build (most villages have no value even for the first year) inserts nearly
    // everything: faster with the secondary indexes made once at the end. A repair, or a new
    // year's first start, keeps them, and readers are not blocked.
    const { leaves, withValue } = await countLeafCoverage(tx, LEVEL.village, 'VILLAGES', String(years[0]));
    const indexes = withValue < leaves / 2 ? await dropSecondaryIndexes(tx) : [];
    const ancestry = await readAllAncestry(tx);
    let values = 0;
    const shared = newSharedWork();
    const kept = new Set<string>();
    const found: RebuildFindings = { wrong: 0, missing: 0, stray: 0 };
    for (const source of dataSources()) {
      onProgress?.(source.name);
      const plan = planRebuild(await source.compute(tx, years, undefined, shared), ancestry);
      const stored = await storeRebuiltValues(
        tx,
        source.elements.map((e) => e.code),
        plan.leaves.concat(plan.ancestors),
      );
      for (const element of stored.elements) kept.add(element);
      found.wrong += stored.wrong;
      found.missing += stored.missing;
      found.stray += stored.stray;
      values += plan.leaves.length;
    }
    onProgress?.('validation');
    await deleteOtherElements(tx, [...kept]);
    await createIndexes(tx, indexes);
    await checkValidationRules(tx, {});
    return { values, seconds: (performance.now() - started) / 1000, ...found };
  });
}

/** What a rebuild found against the stored values: each is a value it rewrote, wrote or removed. */
export interface RebuildFindings {
  /** Stored with another value (or under another province). */
  wrong: number;
  /** Computed but not stored. */
  missing: number;
  /** Stored but no longer computed. */
  stray: number;
}

/**
 * Makes the stored values of these data elements exactly `computed`, writing only the difference:
 * a rebuild mostly finds values already right, and a row read costs far less than a row written
 * (a new one pays two index entries and a foreign-key check). One element at a time, so only one
 * element's stored values are held in memory. Returns the elements it covered and what it found.
 */
async function storeRebuiltValues(tx: Db, elements: readonly string[], computed: readonly LeafChange[]): Promise<RebuildFindings & { elements: string[] }> {
  const byElement = new Map<string, LeafChange[]>(elements.map((e) => [e, []]));
  for (const value of computed) {
    const list = byElement.get(value.dataElement);
    if (list) list.push(value);
    else byElement.set(value.dataElement, [value]);
  }
  const inserts: LeafChange[] = [];
  const updates: LeafChange[] = [];
  const deletes: { dataElement: string; period: string; orgUnitCode: string }[] = [];
  let moved = 0;
  for (const [dataElement, values] of byElement) {
    const stored = await readElementValues(tx, dataElement);
    // Period, then unit: looking up two codes is cheaper than building a key string per value.
    const at = new Map<string, Map<string, number>>();
    stored.periods.forEach((period, i) => {
      let units = at.get(period);
      if (!units) at.set(period, (units = new Map()));
      units.set(stored.orgUnitCodes[i]!, i);
    });
    const matched = new Uint8Array(stored.periods.length);
    for (const value of values) {
      const i = at.get(value.period)?.get(value.orgUnitCode);
      if (i === undefined) {
        inserts.push(value);
        continue;
      }
      matched[i] = 1;
      if (stored.provinceCodes[i] !== value.provinceCode) {
        // An update keeps the province: the row is replaced instead (deletes go first).
        deletes.push(value);
        inserts.push(value);
        moved += 1;
      } else if (stored.values[i] !== value.value || stored.leaves[i] !== value.leaves) updates.push(value);
    }
    matched.forEach((m, i) => {
      if (!m) deletes.push({ dataElement, period: stored.periods[i]!, orgUnitCode: stored.orgUnitCodes[i]! });
    });
  }
  await deleteValues(tx, deletes);
  await setLeafValues(tx, updates);
  await insertValues(tx, inserts);
  return { elements: [...byElement.keys()], wrong: updates.length + moved, missing: inserts.length - moved, stray: deletes.length - moved };
}
