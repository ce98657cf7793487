import { createRandom } from '../platform/seeded-random.ts';
import { addDays } from './demo.rules.ts';

/** The report's route: one Best Express courier over Đình Lập, Châu Sơn and Kiên Mộc, 60–70 parcels a day, ~10% paid in cash. */
export const ROUTE_COMMUNES = ['06613', '06637', '06625'] as const;
const CARRIER_DAYS: readonly { carrier: string; perDay: readonly [number, number] }[] = [
  { carrier: 'best_express', perDay: [60, 70] },
  // The five or six couriers of other companies on the same roads, with fewer parcels each.
  { carrier: 'viettel_post', perDay: [10, 18] },
  { carrier: 'vnpost', perDay: [8, 14] },
  { carrier: 'ghn', perDay: [4, 9] },
  { carrier: 'ghtk', perDay: [6, 12] },
  { carrier: 'jt_express', perDay: [3, 8] },
];
const CASH_SHARE = 0.1;
/** A recipient not home the first time: delivered the next day. */
const FIRST_ATTEMPT_FAILS = 0.07;

export interface DemoParcel {
  carrier: string;
  trackingCode: string;
  villageCode: string;
  dueOn: string;
  codAmount: number;
  weightGrams: number;
  payment: 'cash' | 'transfer';
  /** The day of a failed first attempt, when there was one; delivered the next day. */
  failedOn: string | null;
  deliveredOn: string;
}

/**
 * A year of the route's parcels, day by day up to `lastDay`: every carrier's parcels to villages of
 * the three communes, each paid on delivery (cash in about one case in ten, a VietQR transfer
 * otherwise), most delivered at the first attempt. Deterministic for a seed.
 */
export function planDemoDeliveries(villagesByCommune: ReadonlyMap<string, readonly string[]>, seed: number, lastDay: string, days = 365): DemoParcel[] {
  const random = createRandom(seed, 'deliveries');
  const villages = ROUTE_COMMUNES.flatMap((code) => villagesByCommune.get(code) ?? []);
  if (villages.length === 0) return [];
  const parcels: DemoParcel[] = [];
  for (let d = days; d >= 1; d--) {
    const day = addDays(lastDay, -d);
    for (const { carrier, perDay } of CARRIER_DAYS) {
      const count = perDay[0] + random.int(perDay[1] - perDay[0] + 1);
      for (let i = 0; i < count; i++) {
        const failed = random.chance(FIRST_ATTEMPT_FAILS);
        parcels.push({
          carrier,
          trackingCode: `${carrier.slice(0, 2).toUpperCase()}${day.replaceAll('-', '')}${String(i).padStart(3, '0')}`,
          villageCode: random.pick(villages),
          dueOn: day,
          codAmount: (50 + random.int(750)) * 1000,
          weightGrams: 200 + random.int(4800),
          payment: random.chance(CASH_SHARE) ? 'cash' : 'transfer',
          failedOn: failed ? day : null,
          deliveredOn: failed ? addDays(day, 1) : day,
        });
      }
    }
  }
  return parcels;
}
