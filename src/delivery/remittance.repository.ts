import { sql, type Insertable } from 'kysely';
import type { Db } from '../platform/database.ts';
import { TIME_ZONE } from '../platform/dates.ts';
import type { CodRemittanceTable } from './delivery-money.tables.ts';
import type { MonthAmount } from './cod-remittance.rules.ts';

interface Filter {
  carrierId?: string | undefined;
  shopId?: string | undefined;
  month?: string | undefined;
}

/**
 * The COD of market orders' parcels delivered, per shop, carrier and month of delivery (Vietnam
 * time): what each carrier collected on each seller's behalf.
 */
export async function sumCollected(db: Db, filter: Filter): Promise<MonthAmount[]> {
  const month = sql<string>`to_char(e.occurred_at at time zone ${sql.lit(TIME_ZONE)}, 'YYYY-MM')`;
  let query = db
    .selectFrom('parcel as p')
    .innerJoin('delivery_event as e', (join) => join.onRef('e.parcel_id', '=', 'p.id').on('e.kind', '=', 'delivered'))
    .select(['p.shop_id', 'p.carrier_id', month.as('month'), sql<string>`sum(p.cod_amount)`.as('amount')])
    .where('p.shop_id', 'is not', null)
    .where('p.cod_amount', '>', 0);
  if (filter.carrierId) query = query.where('p.carrier_id', '=', filter.carrierId);
  if (filter.shopId) query = query.where('p.shop_id', '=', filter.shopId);
  if (filter.month) query = query.where(month, '=', filter.month);
  const rows = await query.groupBy(['p.shop_id', 'p.carrier_id', month]).execute();
  return rows.map((r) => ({ shopId: r.shop_id!, carrierId: r.carrier_id, month: r.month, amount: Number(r.amount) }));
}

/** What each carrier has remitted to each shop, per month. */
export async function sumRemitted(db: Db, filter: Filter): Promise<MonthAmount[]> {
  const month = sql<string>`to_char(month, 'YYYY-MM')`;
  let query = db.selectFrom('cod_remittance').select(['shop_id', 'carrier_id', month.as('month'), sql<string>`sum(amount)`.as('amount')]);
  if (filter.carrierId) query = query.where('carrier_id', '=', filter.carrierId);
  if (filter.shopId) query = query.where('shop_id', '=', filter.shopId);
  if (filter.month) query = query.where(month, '=', filter.month);
  const rows = await query.groupBy(['shop_id', 'carrier_id', month]).execute();
  return rows.map((r) => ({ shopId: r.shop_id, carrierId: r.carrier_id, month: r.month, amount: Number(r.amount) }));
}

/** Holds the carrier's row for the transaction: two remittances of one carrier are checked against what is owed one after the other. */
export async function lockCarrier(tx: Db, carrierId: string): Promise<void> {
  await tx.selectFrom('carrier').select('id').where('id', '=', carrierId).forUpdate().execute();
}

export async function insertRemittance(tx: Db, remittance: Insertable<CodRemittanceTable>): Promise<void> {
  await tx.insertInto('cod_remittance').values(remittance).execute();
}
