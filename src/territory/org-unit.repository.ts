import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { OrgUnitTable } from './territory.tables.ts';
import type { Insertable, Selectable } from 'kysely';
import { vietnameseSortKey } from '../platform/sort-key.rules.ts';
import { arrayLiteral } from '../platform/sql-arrays.ts';
import { LEVEL } from './territory.rules.ts';

export type OrgUnitRow = Selectable<OrgUnitTable>;
/** A unit to write; its sort key is derived from its name here, so no caller can forget it. */
export type NewOrgUnit = Omit<Insertable<OrgUnitTable>, 'sort_key'>;

const inVietnameseOrder = sql`sort_key collate "C"`;

/** Rows are written in chunks: one statement per chunk keeps ingest fast on the single-connection engine. */
const CHUNK = 1000;

/** Units already read inside `rememberingUnits`, by its transaction. */
const remembered = new WeakMap<Db, Map<string, Promise<OrgUnitRow | undefined>>>();

export function findOrgUnit(db: Db, code: string): Promise<OrgUnitRow | undefined> {
  const memory = remembered.get(db);
  const known = memory?.get(code);
  if (known) return known;
  const found = db.selectFrom('org_unit').selectAll().where('code', '=', code).executeTakeFirst();
  memory?.set(code, found);
  return found;
}

/**
 * Runs a transaction's work with each unit `findOrgUnit` reads read once: a sync push of 50 items
 * in one village asked for that village 50 times. Only for work that changes no unit.
 */
export async function rememberingUnits<T>(tx: Db, work: () => Promise<T>): Promise<T> {
  remembered.set(tx, new Map());
  try {
    return await work();
  } finally {
    remembered.delete(tx);
  }
}

/** The units above `path`, province first. */
export function listAncestors(db: Db, path: string): Promise<Pick<OrgUnitRow, 'code' | 'name' | 'kind' | 'level'>[]> {
  return db
    .selectFrom('org_unit')
    .select(['code', 'name', 'kind', 'level'])
    .where(sql<boolean>`path @> ${path}::ltree`)
    .where('path', '!=', path)
    .orderBy('level')
    .execute();
}

export function listChildren(db: Db, code: string, page: { limit: number; offset: number }): Promise<OrgUnitRow[]> {
  return db
    .selectFrom('org_unit')
    .selectAll()
    .where('parent_code', '=', code)
    .orderBy(inVietnameseOrder)
    .orderBy('code')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countChildren(db: Db, code: string): Promise<number> {
  const row = await db
    .selectFrom('org_unit')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('parent_code', '=', code)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Folded-name search: substring match served by the trigram index; prefix matches rank first. */
export function searchOrgUnits(db: Db, folded: string, options: { level?: number | undefined; limit: number }): Promise<OrgUnitRow[]> {
  const escaped = folded.replace(/[\\%_]/g, (c) => `\\${c}`);
  let query = db.selectFrom('org_unit').selectAll().where('search_name', 'like', `%${escaped}%`);
  if (options.level) query = query.where('level', '=', options.level);
  return query
    .orderBy(sql`case when search_name like ${`${escaped}%`} then 0 else 1 end`)
    .orderBy('level')
    .orderBy(inVietnameseOrder)
    .limit(options.limit)
    .execute();
}

/** Inserts units, or refreshes their descriptive fields when the code exists; never moves a unit. */
export async function upsertOrgUnits(db: Db, units: readonly NewOrgUnit[]): Promise<void> {
  for (let i = 0; i < units.length; i += CHUNK) {
    await db
      .insertInto('org_unit')
      .values(units.slice(i, i + CHUNK).map((unit) => ({ ...unit, sort_key: vietnameseSortKey(unit.name) })))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          full_name: eb.ref('excluded.full_name'),
          name_en: eb.ref('excluded.name_en'),
          search_name: eb.ref('excluded.search_name'),
          sort_key: eb.ref('excluded.sort_key'),
          kind: eb.ref('excluded.kind'),
          is_demo: eb.ref('excluded.is_demo'),
          area_km2: eb.ref('excluded.area_km2'),
          population: eb.ref('excluded.population'),
          latitude: eb.ref('excluded.latitude'),
          longitude: eb.ref('excluded.longitude'),
          ethnic_groups: eb.ref('excluded.ethnic_groups'),
          details: eb.ref('excluded.details'),
          updated_at: sql`now()`,
        })),
      )
      .execute();
  }
}

/**
 * Households and residents of a subtree, from each household's latest survey.
 * Within a village or commune this reads a few thousand rows.
 */
export async function countRegister(db: Db, path: string): Promise<{ households: number; residents: number; surveyedOn: string | null }> {
  const row = await db
    .with('latest', (qb) =>
      qb
        .selectFrom('household_survey as s')
        .innerJoin('household as h', 'h.id', 's.household_id')
        .innerJoin('org_unit as v', 'v.code', 'h.village_code')
        .where(sql<boolean>`v.path <@ ${path}::ltree`)
        .where('h.archived_at', 'is', null)
        .distinctOn('s.household_id')
        .select(['s.household_id', 's.members', 's.surveyed_on'])
        .orderBy('s.household_id')
        .orderBy('s.surveyed_on', 'desc'),
    )
    .selectFrom('latest')
    .select([
      sql<number>`count(*)::int`.as('households'),
      sql<number>`coalesce(sum(members), 0)::int`.as('residents'),
      sql<string | null>`max(surveyed_on)::text`.as('surveyed_on'),
    ])
    .executeTakeFirstOrThrow();
  return { households: row.households, residents: row.residents, surveyedOn: row.surveyed_on };
}

/** The provinces, by name: the roots of the territory (one at a province's server, 34 at the nation's). */
export function listProvinces(db: Db): Promise<OrgUnitRow[]> {
  return db.selectFrom('org_unit').selectAll().where('level', '=', LEVEL.province).orderBy(inVietnameseOrder).orderBy('code').execute();
}

/** Every unit at `level` inside the subtree at `path`, by name. */
export function listUnitsAtLevel(db: Db, path: string, level: number): Promise<OrgUnitRow[]> {
  return db
    .selectFrom('org_unit')
    .selectAll()
    .where(sql<boolean>`path <@ ${path}::ltree`)
    .where('level', '=', level)
    .orderBy(inVietnameseOrder)
    .orderBy('code')
    .execute();
}

/** The units with these codes: one query, whatever their number (an array, not a list of parameters). */
export function findUnits(db: Db, codes: readonly string[]): Promise<OrgUnitRow[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org_unit')
    .selectAll()
    .where(sql<boolean>`code = any(${arrayLiteral(codes)}::text[])`)
    .execute();
}

export function listVillagesOf(db: Db, communeCodes: readonly string[]): Promise<OrgUnitRow[]> {
  return db
    .selectFrom('org_unit')
    .selectAll()
    .where('level', '=', LEVEL.village)
    .where(sql<boolean>`parent_code = any(${arrayLiteral(communeCodes)}::text[])`)
    .execute();
}
