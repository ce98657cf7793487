import type { Db } from '../platform/database.ts';
import { conflict, notFound, unauthenticated } from '../platform/errors.ts';
import { type Action, type Actor, authorize } from '../accounts/index.ts';
import { findOrgUnit, LEVEL, type OrgUnitRow } from '../territory/index.ts';
import { findHousehold, type HouseholdRow } from './household.repository.ts';

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
  const village = await findOrgUnit(db, villageCode);
  if (!village || village.level !== LEVEL.village) throw villageNotFound(villageCode);
  return { village, actor: await authorize(db, actor, action, village, { entity: 'village', entityId: villageCode }) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The household and its village, once the actor holds `action` over the village. */
export async function householdFor(
  db: Db,
  actor: Actor | null,
  action: Action,
  id: string,
): Promise<{ household: HouseholdRow; village: OrgUnitRow; actor: Actor }> {
  if (!actor) throw unauthenticated();
  const household = UUID.test(id) ? await findHousehold(db, id) : undefined;
  const village = household && (await findOrgUnit(db, household.village_code));
  if (!household || !village) throw householdNotFound(id);
  return { household, village, actor: await authorize(db, actor, action, village, { entity: 'household', entityId: id }) };
}
