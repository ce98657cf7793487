import type { Db } from '../platform/database.ts';
import { type Actor, authorize } from '../accounts/index.ts';
import { findOrgUnit, orgUnitNotFound } from '../territory/index.ts';
import { listDevices as listDeviceRows } from './sync.repository.ts';

const DAY_MS = 86_400_000;

/** The phones of a subtree by their last sync, the longest silent first: who has gone quiet. */
export async function listDevices(
  db: Db,
  actor: Actor,
  query: { orgUnit: string; staleDays?: number | undefined; limit: number; offset: number },
  now = new Date(),
) {
  const unit = await findOrgUnit(db, query.orgUnit);
  if (!unit) throw orgUnitNotFound(query.orgUnit);
  await authorize(db, actor, 'fieldwork:read', unit, { entity: 'sync_device' });
  const syncedBefore = query.staleDays === undefined ? undefined : new Date(now.getTime() - query.staleDays * DAY_MS);
  const { total, items } = await listDeviceRows(db, { scopePath: unit.path, syncedBefore }, query);
  return {
    total,
    items: items.map((d) => ({
      id: d.id,
      account: { id: d.account_id, username: d.username, displayName: d.display_name },
      villageCode: d.village_code,
      villageName: d.village_name,
      appVersion: d.app_version,
      firstSeenAt: new Date(d.first_seen_at).toISOString(),
      lastSyncAt: new Date(d.last_sync_at).toISOString(),
      daysSinceSync: Math.max(0, Math.floor((now.getTime() - new Date(d.last_sync_at).getTime()) / DAY_MS)),
    })),
  };
}
