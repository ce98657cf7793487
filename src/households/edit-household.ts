import type { Db } from '../platform/database.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { refreshUnit } from '../indicators/index.ts';
import type { Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { SURVEY_ELEMENTS } from './household.indicators.ts';
import type { Household } from './household.schema.ts';
import { findHouseholdByLabel, listSurveys, updateHousehold, type HouseholdRow } from './household.repository.ts';
import { householdFor, versionConflict } from './household-access.ts';
import { labelTaken, presentHousehold } from './register-household.ts';

async function applyChange(
  db: Db,
  caller: Actor | null,
  id: string,
  version: number,
  change: { label?: string; archived?: boolean },
  action: string,
): Promise<Household> {
  const { household, village, actor } = await householdFor(db, caller, 'household:write', id);
  if (household.version !== version) throw versionConflict(household.version);
  if (change.label !== undefined && change.label !== household.label && (await findHouseholdByLabel(db, village.code, change.label)))
    throw labelTaken(change.label);
  return db.transaction().execute(async (tx) => {
    const updated = await updateHousehold(tx, id, version, change);
    if (!updated) throw versionConflict(household.version + 1);
    if (change.archived) await refreshUnit(tx, village, todayInVietnam(), SURVEY_ELEMENTS);
    await recordAudit(tx, actor, action, 'household', { entityId: id, unit: village, before: snapshot(household), after: snapshot(updated) });
    const surveys = await listSurveys(tx, id);
    return presentHousehold(updated, surveys.at(-1) ?? null);
  });
}

const snapshot = (row: HouseholdRow) => ({ label: row.label, version: row.version, archived: row.archived_at !== null });

export const renameHousehold = (db: Db, actor: Actor | null, id: string, input: { label: string; version: number }) =>
  applyChange(db, actor, id, input.version, { label: input.label }, 'household:rename');

/** Archives rather than deletes: the register's history, and the counts built on it, stay. */
export const archiveHousehold = (db: Db, actor: Actor | null, id: string, version: number) =>
  applyChange(db, actor, id, version, { archived: true }, 'household:archive');
