import type { Db } from '../platform/database.ts';
import { isUuid } from '../platform/ids.ts';
import { conflict, notFound, unauthenticated } from '../platform/errors.ts';
import { type Action, type Actor, authorize } from '../accounts/index.ts';
import { findOrgUnit, LEVEL, type OrgUnitRow } from '../territory/index.ts';
import { findHouseholdWithVillage, type HouseholdRow } from './household.repository.ts';

export const villageNotFound = (code: string) =>
  notFound('village.not_found', { vi: `Không có thôn/bản mã ${code}.`, en: `There is no village with code ${code}.` }, 'code');

export const householdNotFound = (id: string) =>
  notFound('household.not_found', { vi: 'Không tìm thấy hộ gia đình này.', en: `There is no household ${id}.` }, 'id');

export const versionConflict = (current: number) =>
  conflict(
    'household.version_conflict',
    {
      vi: `Hộ này vừa được người khác sửa (phiên bản ${current}). Hãy tải lại rồi sửa tiếp.`,
      en: `Someone else changed this household (now version ${current}). Reload and edit again.`,
    },
    'version',
  );

/** The village, once the actor is known to hold `action` over it. */
export async function villageFor(db: Db, actor: Actor | null, action: Action, villageCode: string): Promise<{ village: OrgUnitRow; actor: Actor }> {
  return villageAuthorized(db, actor, action, villageCode, await findOrgUnit(db, villageCode));
}

/** `villageFor` with the unit already read (a batch reads its units together); undefined when there is none of that code. */
export async function villageAuthorized(
  db: Db,
  actor: Actor | null,
  action: Action,
  villageCode: string,
  village: OrgUnitRow | undefined,
): Promise<{ village: OrgUnitRow; actor: Actor }> {
  if (!village || village.level !== LEVEL.village) throw villageNotFound(villageCode);
  return { village, actor: await authorize(db, actor, action, village, { entity: 'village', entityId: villageCode }) };
}

/** The household and its village, once the actor holds `action` over the village. */
export async function householdFor(
  db: Db,
  actor: Actor | null,
  action: Action,
  id: string,
): Promise<{ household: HouseholdRow; village: OrgUnitRow; actor: Actor }> {
  if (!actor) throw unauthenticated();
  const found = isUuid(id) ? await findHouseholdWithVillage(db, id) : undefined;
  return householdAuthorized(db, actor, action, id, found?.household, found?.village);
}

/** `householdFor` with the household and its village already read (a batch reads them together); undefined when not found. */
export async function householdAuthorized(
  db: Db,
  actor: Actor | null,
  action: Action,
  id: string,
  household: HouseholdRow | undefined,
  village: OrgUnitRow | undefined,
): Promise<{ household: HouseholdRow; village: OrgUnitRow; actor: Actor }> {
  if (!actor) throw unauthenticated();
  if (!household || !village) throw householdNotFound(id);
  return { household, village, actor: await authorize(db, actor, action, village, { entity: 'household', entityId: id }) };
}
