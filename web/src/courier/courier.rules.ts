import type { CourierDay, CourierStop } from '../../../src/delivery/courier.schema.ts';
import type { OutboxItem } from '../field/field.types.ts';
import { isWaiting } from '../field/sync.rules.ts';

/** The courier's day as the phone shows it: the server's route with the unsent changes laid over it. */

export type CourierRoute = NonNullable<CourierDay['route']>;

export interface StopView extends CourierStop {
  /** A change to this stop waits on the phone. */
  pending: boolean;
  /** The server refused the change made to it: it needs the courier's attention. */
  refused: OutboxItem | undefined;
}

/**
 * The stops in the courier's order (the newest unsent reorder, else the server's), each with its
 * outcome recorded on the phone but not yet on the server.
 */
export function stopsOnPhone(route: CourierRoute, outbox: readonly OutboxItem[]): StopView[] {
  const byId = new Map<string, StopView>(route.stops.map((s) => [s.parcelId, { ...s, pending: false, refused: undefined }]));
  let order = route.stops.map((s) => s.parcelId);
  for (const item of outbox) {
    const waiting = isWaiting(item);
    if (!waiting && item.state !== 'needs_attention') continue;
    if (item.kind === 'route.reorder') {
      const known = item.payload.parcelIds.filter((id) => byId.has(id));
      if (waiting && known.length === order.length) order = known;
      continue;
    }
    if (item.kind !== 'parcel.deliver' && item.kind !== 'parcel.fail') continue;
    const stop = byId.get(item.payload.parcelId);
    if (!stop) continue;
    if (!waiting) {
      stop.refused = item;
      continue;
    }
    stop.pending = true;
    stop.state = item.kind === 'parcel.deliver' ? 'delivered' : 'failed';
    stop.failureReason = item.kind === 'parcel.fail' ? item.payload.reason : null;
  }
  return order.map((id) => byId.get(id)!);
}

/** Tried today: delivered, failed (it may still be tried again later in the day) or returned. */
export const isDone = (stop: CourierStop): boolean => stop.state === 'delivered' || stop.state === 'failed' || stop.state === 'returned';

/** Nothing more can happen to it today: delivered or returned. A failed parcel may be delivered on a second visit. */
export const isSettled = (stop: CourierStop): boolean => stop.state === 'delivered' || stop.state === 'returned';

/** What the day still holds: stops tried, and the COD still to collect (a failed parcel's too, until it is delivered). */
export function daySummary(stops: readonly CourierStop[]): { done: number; all: number; codLeft: number } {
  return {
    done: stops.filter(isDone).length,
    all: stops.length,
    codLeft: stops.filter((s) => !isSettled(s)).reduce((sum, s) => sum + s.codAmount, 0),
  };
}

/** The order after moving the stop at `index` one place earlier (-1) or later (+1). */
export function moveStop(ids: readonly string[], index: number, by: -1 | 1): string[] {
  const to = index + by;
  if (index < 0 || index >= ids.length || to < 0 || to >= ids.length) return [...ids];
  const moved = [...ids];
  [moved[index], moved[to]] = [moved[to]!, moved[index]!];
  return moved;
}
