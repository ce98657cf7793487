import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import { arrayLiteral } from '../platform/sql-arrays.ts';
import { inSubtree } from '../platform/sql-subtree.ts';
import type { Survey } from './household.schema.ts';
import { latestSurveyOf, SURVEY_COLUMNS, toSurvey } from './household.repository.ts';

/** A household found by its village and label, with its latest survey (null when it has none). */
export interface LabelledHousehold {
  id: string;
  villageCode: string;
  label: string;
  archived: boolean;
  /** As read: a write planned from it checks it has not moved on (`touchHouseholdsAsSeen`). */
  version: number;
  latest: Survey | null;
}

/** The households of these villages with these labels, each with its latest survey: one query for a whole file. */
export async function findHouseholdsByLabel(db: Db, villageCodes: readonly string[], labels: readonly string[]): Promise<LabelledHousehold[]> {
  if (villageCodes.length === 0) return [];
  const rows = await db
    .selectFrom('household as h')
    .select(['h.id', 'h.village_code', 'h.label', 'h.archived_at', 'h.version'])
    .select(latestSurveyOf)
    .where(sql<boolean>`h.village_code = any(${arrayLiteral(villageCodes)}::text[])`)
    .where(sql<boolean>`h.label = any(${arrayLiteral(labels)}::text[])`)
    .orderBy('h.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    villageCode: r.village_code,
    label: r.label,
    archived: r.archived_at !== null,
    version: r.version,
    latest: r.latest ? toSurvey(r.latest) : null,
  }));
}

/** The register of a subtree (archived households left out): each household's latest survey, or all of them. */
export async function listSurveysUnder(db: Db, path: string, which: 'latest' | 'all'): Promise<({ villageCode: string; label: string } & Survey)[]> {
  let query = db
    .selectFrom('household_survey as s')
    .innerJoin('household as h', 'h.id', 's.household_id')
    .innerJoin('org_unit as v', 'v.code', 'h.village_code')
    .select(['h.village_code', 'h.label', ...SURVEY_COLUMNS.map((column) => `s.${column}` as const)])
    .where(inSubtree('v.path', path))
    .where('h.archived_at', 'is', null);
  if (which === 'latest') query = query.distinctOn('h.id').orderBy('h.id').orderBy('s.surveyed_on', 'desc');
  const rows = await query.execute();
  return rows.map((r) => ({ villageCode: r.village_code, label: r.label, ...toSurvey(r) }));
}
