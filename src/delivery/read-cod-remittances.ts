import type { Db } from '../platform/database.ts';
import { authorize, homeProvince, type Actor } from '../accounts/index.ts';
import { authorizeShop, findShop } from '../market/index.ts';
import { remittanceLines, type RemittanceLine } from './cod-remittance.rules.ts';
import type { RemittanceView } from './cod-remittance.schema.ts';
import { findCarrier, listCarriers } from './parcel.repository.ts';
import { sumCollected, sumRemitted } from './remittance.repository.ts';
import { carrierNotFound } from './set-up-carrier.ts';

async function present(db: Db, lines: readonly RemittanceLine[]): Promise<RemittanceView[]> {
  const carriers = new Map((await listCarriers(db)).map((c) => [c.id, c.name]));
  const shops = new Map<string, string>();
  for (const id of new Set(lines.map((l) => l.shopId))) shops.set(id, (await findShop(db, id))?.name ?? id);
  return lines.map((l) => ({
    shop: { id: l.shopId, name: shops.get(l.shopId)! },
    carrier: { id: l.carrierId, name: carriers.get(l.carrierId) ?? l.carrierId },
    month: l.month,
    collected: l.collected,
    remitted: l.remitted,
    owed: l.owed,
  }));
}

/** What a carrier collected for each seller, remitted and still owes, per month: its dispatchers and administrators. */
export async function readCarrierRemittances(db: Db, actor: Actor | null, carrierId: string, month?: string): Promise<{ items: RemittanceView[] }> {
  const province = await homeProvince(db, actor);
  await authorize(db, actor, 'delivery:settle', { ...province, carrierId }, { entity: 'cod_remittance' });
  if (!(await findCarrier(db, carrierId))) throw carrierNotFound(carrierId);
  const filter = { carrierId, month };
  return { items: await present(db, remittanceLines(await sumCollected(db, filter), await sumRemitted(db, filter))) };
}

/** A seller's own: every carrier's COD for her shop, per month (the market's gate: her shops only). */
export async function readShopRemittances(db: Db, actor: Actor | null, shopId: string): Promise<{ items: RemittanceView[] }> {
  await authorizeShop(db, actor, 'shop:sell', shopId);
  const filter = { shopId };
  return { items: await present(db, remittanceLines(await sumCollected(db, filter), await sumRemitted(db, filter))) };
}
