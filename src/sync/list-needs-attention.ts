import type { Db } from '../platform/database.ts';
import { type Actor, authorize, homeProvince } from '../accounts/index.ts';
import { findOrgUnit, orgUnitNotFound } from '../territory/index.ts';
import { listOpenMutations, type StoredResult, type SyncMutationRow } from './sync.repository.ts';
import { namedHousehold, payloadField, readServerHousehold } from './read-server-household.ts';
import { findHouseholdLabels } from '../households/index.ts';
import { findParcelLabels } from '../delivery/index.ts';
import { isUuid } from '../platform/ids.ts';
import type { AttentionItem } from './sync.schema.ts';

type OpenRow = SyncMutationRow & { username: string; display_name: string; village_name: string | null };

/**
 * Rejected and conflicting mutations of a subtree that nobody has resolved: what the phone sent,
 * why it was refused, who sent it and when; for a conflict, the household as it is now beside it.
 */
export async function listNeedsAttention(
  db: Db,
  actor: Actor,
  query: { orgUnit: string; limit: number; offset: number },
): Promise<{ total: number; items: AttentionItem[] }> {
  const unit = await findOrgUnit(db, query.orgUnit);
  if (!unit) throw orgUnitNotFound(query.orgUnit);
  await authorize(db, actor, 'fieldwork:read', unit, { entity: 'sync_mutation' });
  const { total, items } = await listOpenMutations(db, { scopePath: unit.path }, query);
  return { total, items: await presentAttention(db, items) };
}

/**
 * A carrier's couriers' refused and conflicting deliveries in the caller's province, for the
 * dispatchers who plan their days (and the province's administrators): what the courier sent, why
 * it was refused, which parcel.
 */
export async function listCourierRefusals(
  db: Db,
  actor: Actor,
  query: { carrier: string; limit: number; offset: number },
): Promise<{ total: number; items: AttentionItem[] }> {
  const province = await homeProvince(db, actor);
  await authorize(db, actor, 'delivery:plan', { ...province, carrierId: query.carrier }, { entity: 'sync_mutation' });
  const { total, items } = await listOpenMutations(db, { scopePath: province.path, carrierId: query.carrier }, query);
  return { total, items: await presentAttention(db, items) };
}

/** An account's own unresolved mutations, whichever of its phones sent them (the pull shows them). */
export async function listOwnAttention(db: Db, actor: Actor): Promise<AttentionItem[]> {
  const { items } = await listOpenMutations(db, { accountId: actor.id }, { limit: 200, offset: 0 });
  return presentAttention(db, items);
}

async function presentAttention(db: Db, rows: readonly OpenRow[]): Promise<AttentionItem[]> {
  // One query for the page's household labels, not one per item.
  const labels = await findHouseholdLabels(db, [...new Set(rows.map((row) => namedHousehold(row.payload)).filter(isUuid))]);
  const parcels = await findParcelLabels(db, [...new Set(rows.map((row) => payloadField(row.payload, 'parcelId')).filter(isUuid))]);
  const items: AttentionItem[] = [];
  for (const row of rows) {
    const result = (row.result ?? {}) as StoredResult;
    const server = row.status === 'conflict' ? ((await readServerHousehold(db, row.payload)) ?? null) : null;
    items.push({
      id: row.id,
      kind: row.kind,
      status: row.status === 'conflict' ? 'conflict' : 'rejected',
      payload: row.payload,
      error: result.error ?? null,
      server,
      account: { id: row.account_id, username: row.username, displayName: row.display_name },
      deviceId: row.device_id,
      villageCode: row.village_code,
      villageName: row.village_name,
      householdLabel: householdLabelOf(row.payload, labels),
      parcelLabel: parcels.get(String(payloadField(row.payload, 'parcelId'))) ?? null,
      receivedAt: new Date(row.received_at).toISOString(),
      recordedAt: result.recordedAt ?? null,
    });
  }
  return items;
}

/**
 * An officer finds a household by its label, not its id: the one a visit or an update names, or the
 * label a phone registered a new one with (it may be missing from the register, being refused).
 */
function householdLabelOf(payload: unknown, labels: ReadonlyMap<string, string>): string | null {
  const householdId = namedHousehold(payload);
  if (isUuid(householdId)) return labels.get(householdId) ?? null;
  const label = payload !== null && typeof payload === 'object' ? (payload as { label?: unknown }).label : undefined;
  return typeof label === 'string' ? label : null;
}
