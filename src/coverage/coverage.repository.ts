import { readFileSync } from 'node:fs';
import type { Db } from '../platform/database.ts';
import { newId } from '../platform/ids.ts';
import type { BroadbandRecord, CommuneFiberRecord, MobileCoverageRecord } from './coverage.schema.ts';

interface Place {
  code: string;
  province_code: string;
}

/** Operators are data: the list ships in data/operators.json and an installation can add more. */
export async function loadOperators(db: Db): Promise<void> {
  const operators = JSON.parse(readFileSync(new URL('./data/operators.json', import.meta.url), 'utf8')) as { code: string; name: string }[];
  await db.insertInto('operator').values(operators).onConflict((oc) => oc.column('code').doNothing()).execute();
}

export function listOperators(db: Db) {
  return db.selectFrom('operator').select(['code', 'name']).orderBy('name').execute();
}

export async function operatorExists(db: Db, code: string): Promise<boolean> {
  return (await db.selectFrom('operator').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
}

export async function listMobileCoverage(db: Db, villageCode: string) {
  const rows = await db
    .selectFrom('mobile_coverage')
    .select(['operator_code', 'technology', 'quality', 'observed_on', 'note'])
    .where('village_code', '=', villageCode)
    .orderBy('observed_on')
    .orderBy('operator_code')
    .orderBy('technology')
    .execute();
  return rows.map((r) => ({ operatorCode: r.operator_code, technology: r.technology, quality: r.quality, observedOn: r.observed_on, note: r.note }));
}

export async function listBroadband(db: Db, villageCode: string) {
  const rows = await db
    .selectFrom('fixed_broadband')
    .select(['operator_code', 'fiber_reaches', 'ftth_available', 'observed_on', 'note'])
    .where('village_code', '=', villageCode)
    .orderBy('observed_on')
    .orderBy('operator_code')
    .execute();
  return rows.map((r) => ({ operatorCode: r.operator_code, fiberReaches: r.fiber_reaches, ftthAvailable: r.ftth_available, observedOn: r.observed_on, note: r.note }));
}

export async function listCommuneFiber(db: Db, communeCode: string) {
  const rows = await db
    .selectFrom('commune_fiber')
    .select(['operator_code', 'has_point_of_presence', 'observed_on'])
    .where('commune_code', '=', communeCode)
    .orderBy('observed_on')
    .orderBy('operator_code')
    .execute();
  return rows.map((r) => ({ operatorCode: r.operator_code, hasPointOfPresence: r.has_point_of_presence, observedOn: r.observed_on }));
}

/** A record for a day that already has one (same operator and technology) replaces it. */
export async function upsertMobileCoverage(db: Db, village: Place, record: MobileCoverageRecord, recordedBy: string | null): Promise<void> {
  const values = { quality: record.quality, note: record.note ?? null, recorded_by: recordedBy };
  await db
    .insertInto('mobile_coverage')
    .values({ id: newId(), province_code: village.province_code, village_code: village.code, operator_code: record.operatorCode, technology: record.technology, observed_on: record.observedOn, ...values })
    .onConflict((oc) => oc.columns(['village_code', 'operator_code', 'technology', 'observed_on']).doUpdateSet({ ...values, recorded_at: new Date() }))
    .execute();
}

export async function upsertBroadband(db: Db, village: Place, record: BroadbandRecord, recordedBy: string | null): Promise<void> {
  const values = { fiber_reaches: record.fiberReaches, ftth_available: record.ftthAvailable, note: record.note ?? null, recorded_by: recordedBy };
  await db
    .insertInto('fixed_broadband')
    .values({ id: newId(), province_code: village.province_code, village_code: village.code, operator_code: record.operatorCode, observed_on: record.observedOn, ...values })
    .onConflict((oc) => oc.columns(['village_code', 'operator_code', 'observed_on']).doUpdateSet({ ...values, recorded_at: new Date() }))
    .execute();
}

export async function upsertCommuneFiber(db: Db, commune: Place, record: CommuneFiberRecord, recordedBy: string | null): Promise<void> {
  const values = { has_point_of_presence: record.hasPointOfPresence, recorded_by: recordedBy };
  await db
    .insertInto('commune_fiber')
    .values({ id: newId(), province_code: commune.province_code, commune_code: commune.code, operator_code: record.operatorCode, observed_on: record.observedOn, ...values })
    .onConflict((oc) => oc.columns(['commune_code', 'operator_code', 'observed_on']).doUpdateSet({ ...values, recorded_at: new Date() }))
    .execute();
}
