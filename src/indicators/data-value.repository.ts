import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { LeafChange } from './data-value.rules.ts';

const CHUNK = 10_000;

export interface StoredValue {
  data_element: string;
  period: string;
  org_unit_code: string;
  value: number;
  leaves: number;
}

/** Serialises refreshes of the same leaves (sorted, so two refreshes cannot deadlock). */
export async function lockLeaves(db: Db, leaves: readonly string[]): Promise<void> {
  const keys = [...leaves].sort().map((code) => `data_value:${code}`);
  await sql`select pg_advisory_xact_lock(hashtext(k)) from unnest(${keys}::text[]) with ordinality as t(k, n) order by n`.execute(db);
}

/** Whether any value of this data element is stored (in any period, at any unit). */
export async function hasAnyValue(db: Db, dataElement: string): Promise<boolean> {
  const row = await db.selectFrom('data_value').select('data_element').where('data_element', '=', dataElement).limit(1).executeTakeFirst();
  return row !== undefined;
}

export function readValues(db: Db, dataElements: readonly string[], periods: readonly string[], orgUnits: readonly string[]): Promise<StoredValue[]> {
  if (dataElements.length === 0 || periods.length === 0 || orgUnits.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('data_value')
    .select(['data_element', 'period', 'org_unit_code', 'value', 'leaves'])
    .where('data_element', 'in', dataElements)
    .where('period', 'in', periods)
    .where('org_unit_code', 'in', orgUnits)
    .execute();
}

const toAncestry = (rows: readonly { code: string; path: string; province_code: string }[]) =>
  new Map(rows.map((r) => [r.code, { provinceCode: r.province_code, ancestors: r.path.split('.').slice(0, -1) }]));

/** The units above each leaf, from their paths: leaf code → { province, ancestors }. */
export async function readAncestry(db: Db, leaves: readonly string[]): Promise<Map<string, { provinceCode: string; ancestors: string[] }>> {
  const rows = await db.selectFrom('org_unit').select(['code', 'path', 'province_code']).where('code', 'in', leaves).execute();
  return toAncestry(rows);
}

async function writeChanges(db: Db, changes: readonly LeafChange[], mode: 'set' | 'add' | 'insert'): Promise<void> {
  for (let i = 0; i < changes.length; i += CHUNK) {
    const chunk = changes.slice(i, i + CHUNK);
    const onConflict =
      mode === 'insert'
        ? sql``
        : sql`on conflict (data_element, period, org_unit_code, province_code) do update set ${
            mode === 'set'
              ? sql`value = excluded.value, leaves = excluded.leaves, updated_at = now()`
              : sql`value = data_value.value + excluded.value, leaves = data_value.leaves + excluded.leaves, updated_at = now()`
          }`;
    await sql`
      insert into data_value (data_element, period, org_unit_code, province_code, value, leaves)
      select * from unnest(${chunk.map((c) => c.dataElement)}::text[], ${chunk.map((c) => c.period)}::text[], ${chunk.map((c) => c.orgUnitCode)}::text[],
        ${chunk.map((c) => c.provinceCode)}::text[], ${chunk.map((c) => c.value)}::numeric[], ${chunk.map((c) => c.leaves)}::int[])
      ${onConflict}`.execute(db);
  }
}

export const setLeafValues = (db: Db, changes: readonly LeafChange[]) => writeChanges(db, changes, 'set');
export const addToValues = (db: Db, changes: readonly LeafChange[]) => writeChanges(db, changes, 'add');
/** For values a rebuild found missing, with other writers held off: plain inserts, no conflict to look for. */
export const insertValues = (db: Db, changes: readonly LeafChange[]) => writeChanges(db, changes, 'insert');

export async function deleteValues(db: Db, keys: readonly { dataElement: string; period: string; orgUnitCode: string }[]): Promise<void> {
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    await sql`
      delete from data_value d
      using unnest(${chunk.map((k) => k.dataElement)}::text[], ${chunk.map((k) => k.period)}::text[], ${chunk.map((k) => k.orgUnitCode)}::text[]) as k(data_element, period, org_unit_code)
      where d.data_element = k.data_element and d.period = k.period and d.org_unit_code = k.org_unit_code`.execute(db);
  }
}

/**
 * Values no leaf holds any more (null is not zero), among these units' in these periods: through
 * the (unit, period) index, never a scan of every value, nor of every year of the province's.
 */
export async function deleteEmptyValues(db: Db, units: readonly string[], periods: readonly string[]): Promise<void> {
  if (units.length === 0 || periods.length === 0) return;
  await db.deleteFrom('data_value').where('org_unit_code', 'in', units).where('period', 'in', periods).where('leaves', '=', 0).execute();
}

/**
 * Memory for a full rebuild's sorts and hashes, in its transaction only (SET LOCAL): the survey
 * summary sorts a million rows, which spill to disk under the default 4 MB. The bench runs its
 * hand-written floor with the same setting.
 */
const REBUILD_WORK_MEM = '128MB';

export async function useRebuildMemory(db: Db): Promise<void> {
  await sql`select set_config('work_mem', ${REBUILD_WORK_MEM}, true)`.execute(db);
}

/**
 * Waits for every other writer of values to commit and holds off new ones until this transaction
 * ends: each of them locks the read-version counter before its first write (migration 0005), so
 * a rebuild that locks it first reads no raw rows a refresh is changing under it.
 */
export async function holdOffValueWriters(db: Db): Promise<void> {
  await sql`select version from read_version where name = 'indicator_values' for update`.execute(db);
}

/**
 * Drops `data_value`'s secondary indexes and returns how to make them again, for a first build
 * into an (almost) empty table: maintaining them row by row made 650,000 inserts 2.5× slower than
 * building them once afterwards. Read from the catalogue, so the migration stays their one
 * definition. Takes the table's exclusive lock until the transaction ends.
 */
export async function dropSecondaryIndexes(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string; definition: string }>`
    select i.relname as name, pg_get_indexdef(i.oid) as definition
    from pg_index x join pg_class i on i.oid = x.indexrelid
    where x.indrelid = 'data_value'::regclass and not x.indisprimary and not x.indisunique
    order by i.relname`.execute(db);
  for (const index of rows) await sql`drop index ${sql.id(index.name)}`.execute(db);
  return rows.map((index) => index.definition);
}

/** Makes again the indexes `dropSecondaryIndexes` dropped, from the definitions it returned. */
export async function createIndexes(db: Db, definitions: readonly string[]): Promise<void> {
  for (const definition of definitions) await sql.raw(definition).execute(db);
}

/** One data element's stored values, column by column (index i of each array is one value). */
export interface StoredColumns {
  periods: string[];
  orgUnitCodes: string[];
  provinceCodes: string[];
  values: number[];
  leaves: number[];
}

/**
 * Every stored value of one data element, for a rebuild to compare with. Read as one row of
 * comma-separated lists, split here: both engines' drivers take several times longer to turn a
 * row per value, or arrays, into JavaScript. Codes cannot hold a comma (unit codes are ltree
 * labels, periods the engine's own); were one to, the lists would not line up, and that throws.
 */
export async function readElementValues(db: Db, dataElement: string): Promise<StoredColumns> {
  const { rows } = await sql<{
    n: number;
    periods: string | null;
    units: string | null;
    provinces: string | null;
    values: string | null;
    leaves: string | null;
  }>`
    select count(*)::int as n, string_agg(period, ',') as periods, string_agg(org_unit_code, ',') as units,
      string_agg(province_code, ',') as provinces, string_agg(value::text, ',') as values, string_agg(leaves::text, ',') as leaves
    from data_value where data_element = ${dataElement}`.execute(db);
  const row = rows[0];
  if (!row || row.n === 0) return { periods: [], orgUnitCodes: [], provinceCodes: [], values: [], leaves: [] };
  const split = (list: string | null) => {
    const items = (list ?? '').split(',');
    if (items.length !== row.n) throw new Error(`A stored ${dataElement} value has a comma in a code`);
    return items;
  };
  return {
    periods: split(row.periods),
    orgUnitCodes: split(row.units),
    provinceCodes: split(row.provinces),
    values: split(row.values).map(Number),
    leaves: split(row.leaves).map(Number),
  };
}

/** Values of data elements outside `kept`: a rebuild keeps only what its sources compute. */
export async function deleteOtherElements(db: Db, kept: readonly string[]): Promise<void> {
  await sql`delete from data_value where data_element <> all(${[...kept]}::text[])`.execute(db);
}

/** Every unit's province and ancestors, for a rebuild. */
export async function readAllAncestry(db: Db): Promise<Map<string, { provinceCode: string; ancestors: string[] }>> {
  return toAncestry(await db.selectFrom('org_unit').select(['code', 'path', 'province_code']).execute());
}

/** Leaves of a level, and how many of them have a value of `dataElement` for `period`. */
export async function countLeafCoverage(db: Db, level: number, dataElement: string, period: string): Promise<{ leaves: number; withValue: number }> {
  const row = await db
    .selectFrom('org_unit as u')
    .leftJoin('data_value as d', (join) => join.onRef('d.org_unit_code', '=', 'u.code').on('d.data_element', '=', dataElement).on('d.period', '=', period))
    .select([sql<number>`count(*)::int`.as('leaves'), sql<number>`count(d.value)::int`.as('with_value')])
    .where('u.level', '=', level)
    .executeTakeFirstOrThrow();
  return { leaves: row.leaves, withValue: row.with_value };
}
