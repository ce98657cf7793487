import type { Db } from '../platform/database.ts';
import type { Actor } from '../accounts/index.ts';
import { listSurveys, listVillageHouseholds } from './household.repository.ts';
import { householdFor, villageFor } from './household-access.ts';
import { presentHousehold } from './register-household.ts';

export async function listHouseholds(
  db: Db,
  actor: Actor | null,
  villageCode: string,
  query: { limit: number; offset: number; search?: string | undefined; includeArchived: boolean },
) {
  const { village } = await villageFor(db, actor, 'household:read', villageCode);
  const { total, items } = await listVillageHouseholds(db, village.code, query, query);
  return { total, items: items.map((i) => presentHousehold(i.household, i.latest)) };
}

export async function getHousehold(db: Db, actor: Actor | null, id: string) {
  const { household } = await householdFor(db, actor, 'household:read', id);
  const surveys = await listSurveys(db, id);
  return { ...presentHousehold(household, surveys.at(-1) ?? null), surveys };
}
