import { atomically, type Db } from '../platform/database.ts';
import { badRequest, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { authorize, createAccount, homeProvince, type Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgUnit, findUnits, LEVEL } from '../territory/index.ts';
import { findCarrier, findHub, insertCourier, insertHub, insertPickupPoint, listHubsOfCarrier } from './parcel.repository.ts';
import type { Hub } from './carrier-setup.schema.ts';

export const carrierNotFound = (id: string) =>
  notFound('delivery.carrier_not_found', { vi: `Không có hãng vận chuyển ${id}.`, en: `There is no carrier ${id}.` }, 'carrier');

export interface NewHub {
  carrierId: string;
  name: string;
  /** The commune the hub stands in. */
  communeCode: string;
  latitude: number;
  longitude: number;
  /** Minutes after midnight. */
  opensAt: number;
  closesAt: number;
}

const unitOfLevel = async (db: Db, code: string, level: number, field: string) => {
  const unit = await findOrgUnit(db, code);
  if (unit?.level === level) return unit;
  const what = level === LEVEL.village ? { vi: 'thôn/bản', en: 'village' } : { vi: 'xã/phường', en: 'commune' };
  throw badRequest('delivery.unknown_unit', { vi: `Không có ${what.vi} mã ${code}.`, en: `There is no ${what.en} with code ${code}.` }, field);
};

/** A carrier's hub (the post office in Đình Lập town): where its couriers' days start and end. */
export async function addHub(db: Db, actor: Actor | null, hub: NewHub): Promise<{ id: string }> {
  const unit = await unitOfLevel(db, hub.communeCode, LEVEL.commune, 'communeCode');
  if (!(await findCarrier(db, hub.carrierId))) throw carrierNotFound(hub.carrierId);
  const allowed = await authorize(db, actor, 'delivery:manage', { ...unit, carrierId: hub.carrierId }, { entity: 'hub' });
  const id = newId();
  await atomically(db, async (tx) => {
    await insertHub(tx, {
      id,
      carrier_id: hub.carrierId,
      name: hub.name,
      org_unit_code: unit.code,
      path: unit.path,
      province_code: unit.province_code,
      latitude: hub.latitude,
      longitude: hub.longitude,
      opens_at: hub.opensAt,
      closes_at: hub.closesAt,
    });
    await recordAudit(tx, allowed, 'delivery:add-hub', 'hub', { entityId: id, unit, after: { carrierId: hub.carrierId, name: hub.name } });
  });
  return { id };
}

/** A carrier's hubs in the caller's province: whoever reads the carrier's deliveries there may see them. */
export async function readHubs(db: Db, actor: Actor | null, carrierId: string): Promise<{ items: Hub[] }> {
  const province = await homeProvince(db, actor);
  await authorize(db, actor, 'delivery:read', { ...province, carrierId }, { entity: 'hub' });
  if (!(await findCarrier(db, carrierId))) throw carrierNotFound(carrierId);
  const hubs = await listHubsOfCarrier(db, carrierId);
  return {
    items: hubs
      .filter((h) => h.province_code === province.province_code)
      .map((h) => ({
        id: h.id,
        carrierId: h.carrier_id,
        name: h.name,
        communeCode: h.org_unit_code,
        latitude: h.latitude,
        longitude: h.longitude,
        opensAt: h.opens_at,
        closesAt: h.closes_at,
      })),
  };
}

export interface NewCourier {
  username: string;
  displayName: string;
  hubId: string;
  /** The communes of the courier's routes: the parcels it may see and deliver (decision 0025). */
  communeCodes: readonly string[];
  capacityKg: number;
  maxDayMinutes: number;
  password?: string | undefined;
}

/**
 * A courier: an account with the `courier` role at each commune of its routes, bound to its hub's
 * carrier, and what the planner needs of it (its hub, what it carries, its longest day).
 */
export async function addCourier(db: Db, actor: Actor | null, courier: NewCourier): Promise<{ accountId: string; password: string }> {
  const hub = await findHub(db, courier.hubId);
  if (!hub) throw notFound('delivery.hub_not_found', { vi: 'Không có bưu cục này.', en: 'There is no such hub.' }, 'hubId');
  const [first, ...others] = courier.communeCodes;
  if (!first)
    throw badRequest(
      'delivery.courier_without_communes',
      { vi: 'Hãy chọn ít nhất một xã người giao hàng phụ trách.', en: 'Choose at least one commune the courier covers.' },
      'communeCodes',
    );
  const communes = await findUnits(db, courier.communeCodes);
  for (const code of courier.communeCodes) {
    const unit = communes.find((u) => u.code === code && u.level === LEVEL.commune);
    if (!unit) await unitOfLevel(db, code, LEVEL.commune, 'communeCodes');
    else await authorize(db, actor, 'delivery:manage', { ...unit, carrierId: hub.carrier_id }, { entity: 'courier' });
  }
  const { id, password } = await createAccount(
    db,
    {
      username: courier.username,
      displayName: courier.displayName,
      role: 'courier',
      orgUnitCode: first,
      alsoAt: others,
      carrierId: hub.carrier_id,
      password: courier.password,
      alsoWrite: (tx, accountId) =>
        insertCourier(tx, { accountId, carrierId: hub.carrier_id, hubId: hub.id, capacityKg: courier.capacityKg, maxDayMinutes: courier.maxDayMinutes }),
    },
    actor,
  );
  return { accountId: id, password };
}

/** A village's shared pickup point (a shop, the cultural house): it takes every carrier's parcels. */
export async function addPickupPoint(
  db: Db,
  actor: Actor | null,
  point: { villageCode: string; name: string; latitude: number; longitude: number },
): Promise<{ id: string }> {
  const village = await unitOfLevel(db, point.villageCode, LEVEL.village, 'villageCode');
  const allowed = await authorize(db, actor, 'delivery:manage', village, { entity: 'pickup_point' });
  const id = newId();
  await atomically(db, async (tx) => {
    await insertPickupPoint(tx, {
      id,
      village_code: village.code,
      path: village.path,
      province_code: village.province_code,
      name: point.name,
      latitude: point.latitude,
      longitude: point.longitude,
    });
    await recordAudit(tx, allowed, 'delivery:add-pickup-point', 'pickup_point', { entityId: id, unit: village, after: { name: point.name } });
  });
  return { id };
}
