import type { Db } from '../platform/database.ts';
import { authorize, homeProvince, type Action, type Actor, type ScopedUnit } from '../accounts/index.ts';
import { findCarrier } from './parcel.repository.ts';
import { carrierNotFound } from './set-up-carrier.ts';

/**
 * A carrier's own business in the province, through the one gate: its money (the bank feed where
 * couriers' VietQR payments land; `delivery:settle`, its dispatchers and the province's
 * administrators) or its set-up (its COD account; `delivery:manage`, the administrators only).
 */
export async function authorizeCarrier(
  db: Db,
  caller: Actor | null,
  carrierId: string,
  action: Extract<Action, 'delivery:settle' | 'delivery:manage'> = 'delivery:settle',
): Promise<{ actor: Actor; unit: ScopedUnit }> {
  const province = await homeProvince(db, caller);
  const actor = await authorize(db, caller, action, { ...province, carrierId }, { entity: 'carrier', entityId: carrierId });
  if (!(await findCarrier(db, carrierId))) throw carrierNotFound(carrierId);
  return { actor, unit: province };
}
