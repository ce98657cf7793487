import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../field/field.types.ts';
import { daySummary, isSettled, moveStop, stopsOnPhone, type CourierRoute } from './courier.rules.ts';

const stop = (n: number, codAmount = 0) => ({
  position: n,
  parcelId: `p${n}`,
  trackingCode: `BE${n}`,
  recipientName: `Người ${n}`,
  phone: '+84912000000',
  villageName: 'Hin Đăm',
  location: null,
  pickupPoint: null,
  codAmount,
  window: { start: '07:00', end: '19:00' },
  arrivesAt: '08:00',
  state: 'planned' as const,
  failureReason: null,
  transfer: null,
  paid: false,
});
const route: CourierRoute = {
  id: 'r',
  hub: { name: 'Bưu cục', latitude: 0, longitude: 0 },
  distanceKm: 10,
  stops: [stop(0, 180_000), stop(1), stop(2, 90_000)],
};
const item = (kind: OutboxItem['kind'], payload: unknown, state: OutboxItem['state'] = 'pending'): OutboxItem =>
  ({ kind, payload, id: `m-${kind}-${state}`, accountId: 'a', createdAt: '', attempts: 0, lastError: null, state }) as OutboxItem;

describe('the courier’s day on the phone', () => {
  it('lays unsent outcomes and the newest reorder over the server’s route, and marks a refused one', () => {
    const outbox = [
      item('parcel.deliver', { parcelId: 'p0' }),
      item('parcel.fail', { parcelId: 'p1', reason: 'not_home' }, 'needs_attention'),
      item('route.reorder', { routeId: 'r', parcelIds: ['p2', 'p0', 'p1'] }),
    ];
    const stops = stopsOnPhone(route, outbox);
    expect(stops.map((s) => [s.parcelId, s.state, s.pending, s.refused !== undefined])).toEqual([
      ['p2', 'planned', false, false],
      ['p0', 'delivered', true, false],
      ['p1', 'planned', false, true],
    ]);
    expect(daySummary(stops)).toEqual({ done: 1, all: 3, codLeft: 90_000 });
  });

  it('keeps a failed stop open for a second visit the same day: tried, its COD still to collect, and delivered if the last change says so', () => {
    const failed = stopsOnPhone(route, [item('parcel.fail', { parcelId: 'p0', reason: 'not_home' })]);
    expect(failed[0]).toMatchObject({ state: 'failed', pending: true, failureReason: 'not_home' });
    expect(isSettled(failed[0]!)).toBe(false);
    expect(daySummary(failed)).toEqual({ done: 1, all: 3, codLeft: 270_000 });
    const outbox = [item('parcel.fail', { parcelId: 'p0', reason: 'not_home' }), { ...item('parcel.deliver', { parcelId: 'p0' }), id: 'second' }];
    const delivered = stopsOnPhone(route, outbox);
    expect(delivered[0]).toMatchObject({ state: 'delivered', failureReason: null });
    expect(isSettled(delivered[0]!)).toBe(true);
    expect(daySummary(delivered)).toEqual({ done: 1, all: 3, codLeft: 90_000 });
  });

  it('ignores a reorder that does not name the route’s stops, and moves a stop one place', () => {
    expect(stopsOnPhone(route, [item('route.reorder', { routeId: 'r', parcelIds: ['p1'] })]).map((s) => s.parcelId)).toEqual(['p0', 'p1', 'p2']);
    expect(moveStop(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveStop(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });
});
