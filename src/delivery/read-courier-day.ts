import { createHash } from 'node:crypto';
import type { Db } from '../platform/database.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { authorize, can, type Actor } from '../accounts/index.ts';
import { buildVietQr } from '../payments/index.ts';
import { newOrderCode } from '../orders/index.ts';
import { claimCodPaymentCode, findCourierRoute, listRouteStops, planReplaced, type RouteStopRow } from './courier.repository.ts';
import type { CourierDay, CourierStop } from './courier.schema.ts';
import { timeOfDay } from './parcel.rules.ts';

/** Who a COD transfer at the door goes to: the seller of a market order, the carrier for a manifest's parcel. */
function payeeOf(stop: RouteStopRow) {
  if (stop.source === 'order') {
    if (!stop.shop_id || !stop.shop_bank_bin || !stop.shop_bank_account || !stop.shop_bank_holder) return undefined;
    return { kind: 'shop' as const, id: stop.shop_id, bankBin: stop.shop_bank_bin, accountNumber: stop.shop_bank_account, holderName: stop.shop_bank_holder };
  }
  if (!stop.carrier_bank_bin || !stop.carrier_bank_account || !stop.carrier_bank_holder) return undefined;
  return {
    kind: 'carrier' as const,
    id: stop.carrier_id,
    bankBin: stop.carrier_bank_bin,
    accountNumber: stop.carrier_bank_account,
    holderName: stop.carrier_bank_holder,
  };
}

/** Tries before giving up on a fresh code: two parcels of one carrier drawing the same of 887 million codes is already rare. */
const CODE_TRIES = 5;

/**
 * The transfer code a parcel's QR carries, in the order code's form so that it survives the banks
 * the same way (orders' rules): a market order's own code, or one drawn for a manifest's parcel.
 * Kept once drawn, so every pull shows the same QR.
 */
async function transferCode(db: Db, stop: RouteStopRow, payee: { kind: 'shop' | 'carrier'; id: string }): Promise<string | undefined> {
  if (stop.payment_code) return stop.payment_code;
  for (let i = 0; i < CODE_TRIES; i++) {
    const code = payee.kind === 'shop' ? stop.tracking_code : newOrderCode();
    const held = await claimCodPaymentCode(db, { parcelId: stop.parcel_id, payeeKind: payee.kind, payeeId: payee.id, code });
    if (held) return held;
  }
  return undefined;
}

async function present(db: Db, stop: RouteStopRow): Promise<CourierStop> {
  const payee = stop.cod_amount > 0 ? payeeOf(stop) : undefined;
  const code = payee && (await transferCode(db, stop, payee));
  const point = (latitude: number | null, longitude: number | null) => (latitude !== null && longitude !== null ? { latitude, longitude } : null);
  return {
    position: stop.position,
    parcelId: stop.parcel_id,
    trackingCode: stop.tracking_code,
    recipientName: stop.recipient_name,
    phone: stop.phone,
    villageName: stop.village_name,
    location: point(stop.village_latitude, stop.village_longitude),
    pickupPoint: stop.pickup_name ? { name: stop.pickup_name, location: point(stop.pickup_latitude, stop.pickup_longitude) } : null,
    codAmount: stop.cod_amount,
    window: { start: timeOfDay(stop.window_start), end: timeOfDay(stop.window_end) },
    arrivesAt: timeOfDay(stop.arrives_at),
    state: stop.state,
    failureReason: stop.failure_reason,
    transfer:
      payee && code
        ? {
            payload: buildVietQr({ bankBin: payee.bankBin, accountNumber: payee.accountNumber, amount: stop.cod_amount, purpose: code }),
            bankBin: payee.bankBin,
            accountNumber: payee.accountNumber,
            holderName: payee.holderName,
            content: code,
            amount: stop.cod_amount,
          }
        : null,
    paid: stop.paid_at !== null,
  };
}

/** What the phone holds: a digest of it is the cursor (the route is one small document a day). */
const digest = (route: CourierDay['route']): string => createHash('sha256').update(JSON.stringify(route)).digest('base64url').slice(0, 32);

/**
 * The courier's day as its phone keeps it (decision 0033): its route in the newest plan of the
 * day, stops in its order, each with what is needed at the door with no signal (the recipient's
 * phone, the point, the COD amount and its VietQR). The cursor is a digest of that answer: a
 * phone whose copy is current gets `unchanged` and no stops.
 */
export async function readCourierDay(db: Db, caller: Actor | null, query: { day?: string | undefined; cursor?: string | undefined }): Promise<CourierDay> {
  const day = query.day ?? todayInVietnam();
  const serverTime = new Date().toISOString();
  const actor = caller;
  const newest = actor ? await findCourierRoute(db, actor.id, day) : undefined;
  const found = newest && !(await planReplaced(db, newest.plan_id)) ? newest : undefined;
  if (!found) {
    // Nobody, or no route today: still through the gate, so a stranger is told 401/403, not "no route".
    const grant = actor?.roles.find((g) => g.role === 'courier');
    await authorize(
      db,
      actor,
      'delivery:deliver',
      {
        code: grant?.orgUnitCode ?? '',
        path: grant?.scopePath ?? '',
        province_code: grant?.scopePath.split('.')[0] ?? '',
        carrierId: grant?.carrierId ?? undefined,
      },
      { entity: 'courier_route' },
    );
    return { day, cursor: digest(null), unchanged: query.cursor === digest(null), route: null, serverTime };
  }
  const who = await authorize(
    db,
    actor,
    'delivery:deliver',
    { code: found.org_unit_code, path: found.hub_path, province_code: found.province_code, carrierId: found.carrier_id },
    { entity: 'courier_route', entityId: found.id },
  );
  const rows = await listRouteStops(db, found.id);
  // A stop outside the courier's communes (a plan made before its assignment changed) is not shown.
  const visible = rows.filter((r) => can(who, 'delivery:read', r.path, { carrierId: r.carrier_id }));
  const route = {
    id: found.id,
    hub: { name: found.hub_name, latitude: found.latitude, longitude: found.longitude },
    distanceKm: Math.round(found.distance_m / 100) / 10,
    stops: await Promise.all(visible.map((r) => present(db, r))),
  };
  const cursor = digest(route);
  if (query.cursor === cursor) return { day, cursor, unchanged: true, route: null, serverTime };
  return { day, cursor, unchanged: false, route, serverTime };
}
