import type { Db } from '../platform/database.ts';
import { newId } from '../platform/ids.ts';
import { addHub, insertDeliveryEvents, insertManifests, insertParcels, listCarriers, loadCarriers, type NewParcel } from '../delivery/index.ts';
import { SYSTEM_ACTOR } from '../imports/index.ts';
import type { DemoVillage } from './demo-villages.rules.ts';
import { planDemoDeliveries, ROUTE_COMMUNES } from './demo-delivery.rules.ts';
import { addDays } from './demo.rules.ts';

/** The post office in Đình Lập town, where the route's couriers start (its point, approximately). */
const DINH_LAP_HUB = { communeCode: '06613', latitude: 21.5466, longitude: 107.0913, opensAt: 7 * 60, closesAt: 18 * 60 } as const;
const CHUNK = 5_000;
/** Vietnam's clock: a failed attempt in the morning, a delivery in the afternoon. */
const at = (day: string, hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00+07:00`;

/**
 * A year of the report's route through the owners' bulk writers: each carrier's hub at Đình Lập,
 * one manifest a carrier a day, the parcels (all delivered) and their delivery events; and today's
 * Best Express parcels, received at the hub and waiting for the day's route.
 */
export async function writeDeliveries(
  tx: Db,
  villages: readonly DemoVillage[],
  seed: number,
  today: string,
  scale: number,
  progress: (step: string, done: number, total: number) => void,
): Promise<number> {
  await loadCarriers(tx);
  const carriers = new Map((await listCarriers(tx)).map((c) => [c.code, c.id]));
  for (const [code, id] of carriers) await addHub(tx, SYSTEM_ACTOR, { carrierId: id, name: `Bưu cục Đình Lập (${code})`, ...DINH_LAP_HUB });
  const byCommune = new Map<string, string[]>();
  const paths = new Map<string, string>();
  for (const v of villages) {
    if (!(ROUTE_COMMUNES as readonly string[]).includes(v.communeCode)) continue;
    byCommune.set(v.communeCode, [...(byCommune.get(v.communeCode) ?? []), v.code]);
    paths.set(v.code, v.path);
  }
  const planned = planDemoDeliveries(byCommune, seed, today);
  // The day after the year: today's parcels, not yet out (the route the start plans takes them).
  // A demo smaller than the province has a smaller day, in proportion, which its one courier's
  // route holds whole (a full day of 60-70 stops leaves some for tomorrow).
  const todays = planDemoDeliveries(byCommune, seed + 1, addDays(today, 1), 1).filter((p) => p.carrier === 'best_express');
  const waiting = new Set(todays.slice(0, Math.max(1, Math.round(todays.length * Math.min(1, scale)))));
  planned.push(...waiting);
  const manifests = new Map<string, { id: string; carrier_id: string; parcels: number; imported_at: string }>();
  const parcels: (NewParcel & { id: string; manifest_id: string; due_on: string })[] = [];
  const events: Parameters<typeof insertDeliveryEvents>[1][number][] = [];
  for (const p of planned) {
    const carrierId = carriers.get(p.carrier)!;
    const key = `${p.carrier}|${p.dueOn}`;
    const manifest = manifests.get(key) ?? { id: newId(), carrier_id: carrierId, parcels: 0, imported_at: at(p.dueOn, 6) };
    manifest.parcels += 1;
    manifests.set(key, manifest);
    const id = newId();
    parcels.push({
      id,
      carrier_id: carrierId,
      tracking_code: p.trackingCode,
      source: 'manifest',
      manifest_id: manifest.id,
      recipient_name: 'Người nhận (dữ liệu mẫu)',
      phone: '+84900000000',
      village_code: p.villageCode,
      path: paths.get(p.villageCode)!,
      province_code: '20',
      cod_amount: p.codAmount,
      weight_grams: p.weightGrams,
      window_start: 7 * 60,
      window_end: 19 * 60,
      due_on: p.dueOn,
      state: waiting.has(p) ? 'received' : 'delivered',
      attempts: waiting.has(p) ? 0 : p.failedOn ? 2 : 1,
    });
    if (waiting.has(p)) continue;
    if (p.failedOn)
      events.push({
        id: newId(),
        parcel_id: id,
        kind: 'failed',
        failure_reason: 'not_home',
        payment: null,
        cod_collected: 0,
        village_code: p.villageCode,
        occurred_at: at(p.failedOn, 10),
      });
    events.push({
      id: newId(),
      parcel_id: id,
      kind: 'delivered',
      failure_reason: null,
      payment: p.payment,
      cod_collected: p.codAmount,
      village_code: p.villageCode,
      occurred_at: at(p.deliveredOn, 14),
    });
  }
  await insertManifests(tx, [...manifests.values()]);
  for (let i = 0; i < parcels.length; i += CHUNK) {
    await insertParcels(tx, parcels.slice(i, i + CHUNK));
    progress('parcels', Math.min(i + CHUNK, parcels.length), parcels.length);
  }
  for (let i = 0; i < events.length; i += CHUNK) await insertDeliveryEvents(tx, events.slice(i, i + CHUNK));
  return parcels.length;
}
