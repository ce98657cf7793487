import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import { arrayLiteral } from '../platform/sql-arrays.ts';
import { inSubtree } from '../platform/sql-subtree.ts';
import { VISIT_ACTIVITIES } from './fieldwork.rules.ts';

const TRAINING_COLUMNS = [
  'village_code',
  'held_on',
  'topic',
  'place',
  'trainer',
  'attendees',
  'attendees_female',
  'attendees_male',
  'attendees_under_15',
  'attendees_15_to_29',
  'attendees_30_to_59',
  'attendees_60_plus',
  'attendees_by_ethnic_group',
] as const;

/** A subtree's trainings (an export), or these villages' on these days (an import looking for what it has already). */
export type TrainingRecordsOf = { path: string } | { villageCodes: readonly string[]; days: readonly string[] };

/** Trainings as they are stored, by village and day. */
export function listTrainingRecords(db: Db, records: TrainingRecordsOf) {
  return db
    .selectFrom('training as t')
    .innerJoin('org_unit as v', 'v.code', 't.village_code')
    .select(TRAINING_COLUMNS.map((c) => `t.${c}` as const))
    .where(
      'path' in records
        ? inSubtree('v.path', records.path)
        : sql<boolean>`t.village_code = any(${arrayLiteral(records.villageCodes)}::text[]) and t.held_on = any(${arrayLiteral(records.days)}::date[])`,
    )
    .orderBy('t.village_code')
    .orderBy('t.held_on')
    .orderBy('t.id')
    .execute();
}

/** A subtree's support visits, or these households' on these days. */
export type VisitRecordsOf = { path: string } | { householdIds: readonly string[]; days: readonly string[] };

/** Support visits as they are stored, by village, household and day. */
export function listVisitRecords(db: Db, records: VisitRecordsOf) {
  return db
    .selectFrom('support_visit as s')
    .innerJoin('org_unit as v', 'v.code', 's.village_code')
    .select(['s.household_id', 's.village_code', 's.visited_on', 's.residents_guided', 's.note', ...VISIT_ACTIVITIES.map((c) => `s.${c}` as const)])
    .where(
      'path' in records
        ? inSubtree('v.path', records.path)
        : sql<boolean>`s.household_id = any(${arrayLiteral(records.householdIds)}::uuid[]) and s.visited_on = any(${arrayLiteral(records.days)}::date[])`,
    )
    .orderBy('s.village_code')
    .orderBy('s.visited_on')
    .orderBy('s.id')
    .execute();
}
