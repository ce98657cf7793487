import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { Selectable, Updateable } from 'kysely';
import type { NationalLinkTable } from './national.tables.ts';
import type { ExchangedValue } from './national.rules.ts';

export type NationalLinkRow = Selectable<NationalLinkTable>;

const CHUNK = 1000;

export function findLink(db: Db, provinceCode: string): Promise<NationalLinkRow | undefined> {
  return db.selectFrom('national_link').selectAll().where('province_code', '=', provinceCode).executeTakeFirst();
}

export function listLinks(db: Db): Promise<NationalLinkRow[]> {
  return db.selectFrom('national_link').selectAll().orderBy('province_code').execute();
}

/** Adds a link or replaces its address, token and timings; how the last pull went is kept. */
export async function saveLink(
  db: Db,
  link: { province_code: string; base_url: string; token: string; timeout_ms: number; every_minutes: number },
): Promise<void> {
  await db
    .insertInto('national_link')
    .values(link)
    .onConflict((oc) =>
      oc.column('province_code').doUpdateSet({ base_url: link.base_url, token: link.token, timeout_ms: link.timeout_ms, every_minutes: link.every_minutes }),
    )
    .execute();
}

export async function markLink(db: Db, provinceCode: string, changes: Updateable<NationalLinkTable>): Promise<void> {
  await db.updateTable('national_link').set(changes).where('province_code', '=', provinceCode).execute();
}

/** The codes of a province's own units at province and commune level, as the nation's territory has them. */
export async function listOwnedUnits(db: Db, provinceCode: string): Promise<Set<string>> {
  const rows = await db.selectFrom('org_unit').select('code').where('province_code', '=', provinceCode).where('level', '<=', 2).execute();
  return new Set(rows.map((r) => r.code));
}

/** A province's values replaced by what it just sent, in the caller's transaction. */
export async function replaceProvinceValues(db: Db, provinceCode: string, values: readonly ExchangedValue[], pulledAt: Date): Promise<void> {
  await db.deleteFrom('national_value').where('province_code', '=', provinceCode).execute();
  for (let i = 0; i < values.length; i += CHUNK) {
    const chunk = values.slice(i, i + CHUNK);
    await sql`
      insert into national_value (province_code, org_unit_code, data_element, period, value, pulled_at)
      select ${provinceCode}, * from unnest(${chunk.map((v) => v.orgUnit)}::text[], ${chunk.map((v) => v.dataElement)}::text[], ${chunk.map((v) => v.period)}::text[],
        ${chunk.map((v) => v.value)}::numeric[]) as v(org_unit_code, data_element, period, value), (select ${pulledAt.toISOString()}::timestamptz) as t(pulled_at)`.execute(
      db,
    );
  }
}

/** Values pulled for these units and a period. */
export function readPulledValues(
  db: Db,
  unitCodes: readonly string[],
  period: string,
): Promise<{ province_code: string; org_unit_code: string; data_element: string; value: number }[]> {
  if (unitCodes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('national_value')
    .select(['province_code', 'org_unit_code', 'data_element', 'value'])
    .where('period', '=', period)
    .where('org_unit_code', 'in', unitCodes)
    .execute();
}

/** The provinces this instance serves to the nation: those with villages in its register. */
export async function listServedProvinces(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('org_unit').select('province_code').distinct().where('level', '=', 3).orderBy('province_code').execute();
  return rows.map((r) => r.province_code);
}
