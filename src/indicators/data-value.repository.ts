import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { LeafChange, LeafKey, ValuePlan } from './data-value.rules.ts';

const CHUNK = 10_000;

export interface StoredValue {
  data_element: string;
  period: string;
  org_unit_code: string;
  value: number;
  leaves: number;
}

/**
 * Serialises refreshes of the same leaves (sorted, so two refreshes cannot deadlock), then reads the
 * units above each and the leaves' stored values of these elements and periods, as committed once
 * the locks are held: one round trip (migration 0030), for a refresh runs inside every write.
 */
export async function lockLeavesAndReadValues(
  db: Db,
  leaves: readonly string[],
  dataElements: readonly string[],
  periods: readonly string[],
): Promise<{ ancestry: Ancestry; stored: StoredValue[] }> {
  const keys = [...leaves].sort().map((code) => `data_value:${code}`);
  const { rows } = await sql<{ kind: 'unit' | 'value'; a: string; b: string; c: string; value: number | null; leaves: number | null }>`
    select * from lock_leaves_and_read_values(${keys}::text[], ${[...leaves]}::text[], ${[...dataElements]}::text[], ${[...periods]}::text[])`.execute(db);
  const units: { code: string; path: string; province_code: string }[] = [];
  const stored: StoredValue[] = [];
  for (const r of rows) {
    if (r.kind === 'unit') units.push({ code: r.a, path: r.b, province_code: r.c });
    else stored.push({ data_element: r.a, period: r.b, org_unit_code: r.c, value: r.value!, leaves: r.leaves! });
  }
  return { ancestry: toAncestry(units), stored };
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

type Ancestry = Map<string, { provinceCode: string; ancestors: string[] }>;

const toAncestry = (rows: readonly { code: string; path: string; province_code: string }[]): Ancestry =>
  new Map(rows.map((r) => [r.code, { provinceCode: r.province_code, ancestors: r.path.split('.').slice(0, -1) }]));

/** Changes as rows of (data element, period, unit, province, value, leaves), to insert. */
const asRows = (changes: readonly LeafChange[]) =>
  sql`select * from unnest(${changes.map((c) => c.dataElement)}::text[], ${changes.map((c) => c.period)}::text[], ${changes.map((c) => c.orgUnitCode)}::text[],
    ${changes.map((c) => c.provinceCode)}::text[], ${changes.map((c) => c.value)}::numeric[], ${changes.map((c) => c.leaves)}::int[])`;

/** Keys as rows of (data element, period, unit), to match. */
const asKeys = (keys: readonly { dataElement: string; period: string; orgUnitCode: string }[]) =>
  sql`unnest(${keys.map((k) => k.dataElement)}::text[], ${keys.map((k) => k.period)}::text[], ${keys.map((k) => k.orgUnitCode)}::text[]) as k(data_element, period, org_unit_code)`;

/**
 * A refresh's writes in one statement (chunk by chunk for a large one): its leaves' values set and
 * deleted, the leaves and periods whose values changed noted for the validation rules to be checked
 * there after the commit (migration 0027), and its changes to the units above noted in
 * `value_delta`, to be added to their values at this transaction's commit (migration 0026).
 */
export async function writeLeafPlan(db: Db, plan: ValuePlan): Promise<void> {
  const size = Math.max(plan.setLeaves.length, plan.deleteLeaves.length, plan.ancestorDeltas.length);
  for (let i = 0; i < size; i += CHUNK) {
    const setLeaves = plan.setLeaves.slice(i, i + CHUNK);
    const deleteLeaves = plan.deleteLeaves.slice(i, i + CHUNK);
    const changed = [...new Map([...setLeaves, ...deleteLeaves].map((k) => [`${k.orgUnitCode}|${k.period}`, k])).values()];
    await sql`
      with set_leaves as (
        insert into data_value (data_element, period, org_unit_code, province_code, value, leaves)
        ${asRows(setLeaves)}
        on conflict (data_element, period, org_unit_code, province_code) do update set value = excluded.value, leaves = excluded.leaves, updated_at = now()
      ),
      deleted_leaves as (
        delete from data_value d using ${asKeys(deleteLeaves)}
        where d.data_element = k.data_element and d.period = k.period and d.org_unit_code = k.org_unit_code
      ),
      noted as (
        insert into validation_recheck (org_unit_code, period)
        select * from unnest(${changed.map((k) => k.orgUnitCode)}::text[], ${changed.map((k) => k.period)}::text[])
      )
      insert into value_delta (data_element, period, org_unit_code, province_code, value, leaves)
      ${asRows(plan.ancestorDeltas.slice(i, i + CHUNK))}`.execute(db);
  }
}

/** Takes the units and periods whose values commits changed since the last call, to check the rules there. */
export async function takeValidationRechecks(db: Db): Promise<{ units: string[]; periods: string[] }> {
  const rows = await db.deleteFrom('validation_recheck').returning(['org_unit_code', 'period']).execute();
  return { units: [...new Set(rows.map((r) => r.org_unit_code))], periods: [...new Set(rows.map((r) => r.period))] };
}

async function writeChanges(db: Db, changes: readonly LeafChange[], mode: 'set' | 'insert'): Promise<void> {
  for (let i = 0; i < changes.length; i += CHUNK) {
    const chunk = changes.slice(i, i + CHUNK);
    const onConflict =
      mode === 'insert'
        ? sql``
        : sql`on conflict (data_element, period, org_unit_code, province_code) do update set value = excluded.value, leaves = excluded.leaves, updated_at = now()`;
    await sql`
      insert into data_value (data_element, period, org_unit_code, province_code, value, leaves)
      ${asRows(chunk)}
      ${onConflict}`.execute(db);
  }
}

export const setLeafValues = (db: Db, changes: readonly LeafChange[]) => writeChanges(db, changes, 'set');
/** For values a rebuild found missing, with other writers held off: plain inserts, no conflict to look for. */
export const insertValues = (db: Db, changes: readonly LeafChange[]) => writeChanges(db, changes, 'insert');

export async function deleteValues(db: Db, keys: readonly LeafKey[]): Promise<void> {
  for (let i = 0; i < keys.length; i += CHUNK) {
    await sql`
      delete from data_value d using ${asKeys(keys.slice(i, i + CHUNK))}
      where d.data_element = k.data_element and d.period = k.period and d.org_unit_code = k.org_unit_code`.execute(db);
  }
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
 * ends: each of them takes this advisory lock shared at its first write (the read-version trigger,
 * migration 0026), so a rebuild that takes it first reads no raw rows a refresh is changing under it.
 */
export async function holdOffValueWriters(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(2026, 52)`.execute(db);
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
