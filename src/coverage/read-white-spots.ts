import type { Db } from '../platform/database.ts';
import { findOrgUnit } from '../territory/org-unit.repository.ts';
import { orgUnitNotFound } from '../territory/describe-org-unit.ts';
import { listWhiteSpots } from './coverage.repository.ts';

/** The "white spots" the department sends to operators: villages without stable 3G/4G or without fibre. */
export async function readWhiteSpots(db: Db, orgUnitCode: string, year: number) {
  const root = await findOrgUnit(db, orgUnitCode);
  if (!root) throw orgUnitNotFound(orgUnitCode);
  const rows = await listWhiteSpots(db, root.path, year);
  return {
    year,
    orgUnit: root.code,
    withoutMobile: rows.filter((r) => r.best_stable < 3).length,
    withoutBroadband: rows.filter((r) => !r.fiber_reaches).length,
    items: rows.map((r) => ({
      villageCode: r.village_code,
      villageName: r.village_name,
      isDemo: r.is_demo,
      communeCode: r.commune_code,
      communeName: r.commune_name,
      bestStableTechnology: r.best_stable >= 2 ? `${r.best_stable}G` : null,
      withoutMobile: r.best_stable < 3,
      withoutBroadband: !r.fiber_reaches,
      operators: r.operators ?? [],
    })),
  };
}
