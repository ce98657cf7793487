import { todayInVietnam } from '../src/platform/dates.ts';
import { newId } from '../src/platform/ids.ts';
import { createJobRunner } from '../src/jobs/index.ts';
import { PLAN_DAY_JOB, planDayJob } from '../src/delivery/index.ts';
import type { CourierDay, CourierStop } from '../src/delivery/courier.schema.ts';
import type { MutationResult } from '../src/sync/sync.schema.ts';
import { csvFile } from './test-files.ts';
import type { DeliveryWorld } from './delivery-test-kit.ts';
import type { TestSession } from './test-app.ts';
import type { Mutation } from './sync-test-kit.ts';

const HEADER = ['Mã vận đơn', 'Người nhận', 'Số điện thoại', 'Mã thôn/bản', 'Tiền thu hộ', 'Khối lượng (gam)', 'Giao từ', 'Giao đến'];

/** The carrier's COD account the tests' QR codes pay into (a real bank's BIN: Vietcombank). */
export const CARRIER_COD_ACCOUNT = { bankBin: '970436', accountNumber: '0451000123456', holderName: 'BEST EXPRESS LANG SON' };

/**
 * Best Express's day on the report's route: `parcels` manifest parcels over the world's villages,
 * one in `codEvery` with COD, the carrier's COD account set, and the day planned (the job run).
 */
export async function planCourierDay(w: DeliveryWorld, parcels: number, codEvery = 3, prefix = 'BE'): Promise<void> {
  const villages = Object.values(w.villages);
  const rows = Array.from({ length: parcels }, (_, i) => [
    `${prefix}${String(i).padStart(4, '0')}`,
    `Người nhận ${i}`,
    `0912${String(100000 + i).padStart(6, '0')}`,
    villages[i % villages.length]!,
    i % codEvery === 0 ? String(150_000 + i * 1000) : '0',
    '800',
    '',
    '',
  ]);
  const imported = await w.t.app.inject({
    method: 'POST',
    url: `/api/delivery/manifests?carrier=${w.best}`,
    headers: { cookie: w.dispatcher.cookie, 'x-csrf-token': w.dispatcher.csrfToken, 'content-type': 'text/csv' },
    payload: csvFile([HEADER, ...rows], 'utf-8'),
  });
  if (imported.statusCode !== 200) throw new Error(imported.body);
  const account = await w.t.as(w.admin, 'PUT', `/api/delivery/carriers/${w.best}/cod-account`, CARRIER_COD_ACCOUNT);
  if (account.statusCode !== 200) throw new Error(account.body);
  const asked = await w.t.as(w.dispatcher, 'POST', '/api/delivery/plans', { carrier: w.best, day: todayInVietnam() });
  if (asked.statusCode !== 202) throw new Error(asked.body);
  const runner = createJobRunner({ provinceCode: '20' });
  runner.registerJobHandler(PLAN_DAY_JOB, planDayJob);
  await runner.runDueJobs(w.t.handle.db);
}

export async function pullDay(w: DeliveryWorld, session: TestSession, cursor?: string): Promise<CourierDay> {
  const res = await w.t.as(session, 'GET', `/api/delivery/courier/day${cursor ? `?cursor=${cursor}` : ''}`);
  if (res.statusCode !== 200) throw new Error(res.body);
  return res.json() as CourierDay;
}

export async function push(w: DeliveryWorld, session: TestSession, mutations: readonly Mutation[], deviceId = newId()): Promise<MutationResult[]> {
  const res = await w.t.as(session, 'POST', '/api/sync/push', { deviceId, mutations });
  if (res.statusCode !== 200) throw new Error(res.body);
  return (res.json() as { results: MutationResult[] }).results;
}

const now = () => new Date().toISOString();

/** Delivered with its recipient's code: cash for a COD parcel (or a transfer when asked). */
export function deliverMutation(stop: CourierStop, overrides: Record<string, unknown> = {}): Mutation {
  return {
    id: newId(),
    kind: 'parcel.deliver',
    payload: {
      eventId: newId(),
      parcelId: stop.parcelId,
      occurredAt: now(),
      codAmount: stop.codAmount,
      payment: stop.codAmount > 0 ? 'cash' : null,
      proof: { kind: 'code', code: stop.trackingCode },
      ...overrides,
    },
  };
}

export function failMutation(stop: CourierStop, reason = 'not_home'): Mutation {
  return { id: newId(), kind: 'parcel.fail', payload: { eventId: newId(), parcelId: stop.parcelId, occurredAt: now(), reason } };
}
