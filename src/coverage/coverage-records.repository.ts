import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import { arrayLiteral } from '../platform/sql-arrays.ts';
import { inSubtree } from '../platform/sql-subtree.ts';

/** Which records: a subtree's (an export), or these villages' on these days (an import looking for what it replaces). */
export type CoverageRecordsOf = { path: string } | { villageCodes: readonly string[]; days: readonly string[] };

function whereOf(records: CoverageRecordsOf, alias: 'm' | 'b') {
  if ('path' in records) return inSubtree('v.path', records.path);
  return sql<boolean>`${sql.ref(`${alias}.village_code`)} = any(${arrayLiteral(records.villageCodes)}::text[]) and ${sql.ref(`${alias}.observed_on`)} = any(${arrayLiteral(records.days)}::date[])`;
}

/** Mobile and fixed-broadband records as they are stored, by village, day and operator. */
export async function listCoverageRecords(db: Db, records: CoverageRecordsOf) {
  const [mobile, fixed] = await Promise.all([
    db
      .selectFrom('mobile_coverage as m')
      .innerJoin('org_unit as v', 'v.code', 'm.village_code')
      .select(['m.village_code', 'm.operator_code', 'm.technology', 'm.quality', 'm.observed_on'])
      .where(whereOf(records, 'm'))
      .orderBy('m.village_code')
      .orderBy('m.observed_on')
      .orderBy('m.operator_code')
      .orderBy('m.technology')
      .execute(),
    db
      .selectFrom('fixed_broadband as b')
      .innerJoin('org_unit as v', 'v.code', 'b.village_code')
      .select(['b.village_code', 'b.operator_code', 'b.fiber_reaches', 'b.ftth_available', 'b.observed_on'])
      .where(whereOf(records, 'b'))
      .orderBy('b.village_code')
      .orderBy('b.observed_on')
      .orderBy('b.operator_code')
      .execute(),
  ]);
  return { mobile, fixed };
}
