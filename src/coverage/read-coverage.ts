import type { Db } from '../platform/database.ts';
import { findOrgUnit, LEVEL, orgUnitNotFound } from '../territory/index.ts';
import { villageNotFound } from '../households/index.ts';
import { listBroadband, listCommuneFiber, listMobileCoverage, listOperators } from './coverage.repository.ts';

/** A village's coverage history: public, since it describes places, not people. */
export async function readVillageCoverage(db: Db, villageCode: string) {
  const village = await findOrgUnit(db, villageCode);
  if (!village || village.level !== LEVEL.village) throw villageNotFound(villageCode);
  const [operators, mobile, broadband] = await Promise.all([listOperators(db), listMobileCoverage(db, villageCode), listBroadband(db, villageCode)]);
  return { villageCode, operators, mobile, broadband };
}

export async function readCommuneFiber(db: Db, communeCode: string) {
  const commune = await findOrgUnit(db, communeCode);
  if (!commune || commune.level !== LEVEL.commune) throw orgUnitNotFound(communeCode);
  return { communeCode, records: await listCommuneFiber(db, communeCode) };
}
