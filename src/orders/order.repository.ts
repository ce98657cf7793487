import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { OrderLineTable, OrderPaymentStatus, ShopOrderTable } from './orders.tables.ts';
import type { OrderStatus } from './order-state.rules.ts';

export type OrderRow = Selectable<ShopOrderTable> & { village_name: string; market_name: string | null };
export type OrderLineRow = Selectable<OrderLineTable>;

const orderQuery = (db: Db) =>
  db
    .selectFrom('shop_order as o')
    .innerJoin('org_unit as v', 'v.code', 'o.village_code')
    .leftJoin('market as m', 'm.id', 'o.market_id')
    .selectAll('o')
    .select(['v.name as village_name', 'm.name as market_name']);

export async function insertOrder(db: Db, order: Insertable<ShopOrderTable>, lines: readonly OrderLineRow[]): Promise<void> {
  await db.insertInto('shop_order').values(order).execute();
  await db
    .insertInto('order_line')
    .values([...lines])
    .execute();
}

export const findOrderByToken = (db: Db, token: string) => orderQuery(db).where('o.token', '=', token).executeTakeFirst();
export const findOrder = (db: Db, id: string) => orderQuery(db).where('o.id', '=', id).executeTakeFirst();

/** The order with this code at this shop, its row locked until the transaction ends. */
export function lockOrderByCode(tx: Db, shopId: string, code: string) {
  return tx.selectFrom('shop_order').selectAll().where('code', '=', code).where('shop_id', '=', shopId).forUpdate().executeTakeFirst();
}

export function lockOrder(tx: Db, id: string) {
  return tx.selectFrom('shop_order').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function listLines(db: Db, orderIds: readonly string[]): Promise<OrderLineRow[]> {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('order_line').selectAll().where('order_id', 'in', orderIds).orderBy('name').execute();
}

export async function setOrderStatus(tx: Db, id: string, status: OrderStatus): Promise<void> {
  await tx
    .updateTable('shop_order')
    .set({ status, updated_at: sql`now()`, ...(status === 'awaiting_payment' ? {} : { reserved_until: null }) })
    .where('id', '=', id)
    .execute();
}

export async function setPayment(tx: Db, id: string, payment: { status: OrderPaymentStatus; paid: number; excess: number }): Promise<void> {
  await tx
    .updateTable('shop_order')
    .set({ payment_status: payment.status, paid_amount: payment.paid, excess_amount: payment.excess, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Records a transfer once: false when this transfer id was already recorded (for any order). */
export async function insertPayment(tx: Db, payment: { transferId: string; orderId: string; amount: number; receivedAt: Date }): Promise<boolean> {
  const inserted = await tx
    .insertInto('order_payment')
    .values({ transfer_id: payment.transferId, order_id: payment.orderId, amount: payment.amount, received_at: payment.receivedAt })
    .onConflict((oc) => oc.column('transfer_id').doNothing())
    .returning('transfer_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export function listPayments(db: Db, orderId: string) {
  return db.selectFrom('order_payment').select(['transfer_id as transferId', 'amount']).where('order_id', '=', orderId).orderBy('transfer_id').execute();
}

export function findPayment(db: Db, transferId: string) {
  return db.selectFrom('order_payment').select(['order_id', 'amount']).where('transfer_id', '=', transferId).executeTakeFirst();
}

/** Unpaid transfer orders whose reservation ran out, oldest first. */
export async function listExpiredReservations(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('shop_order')
    .select('id')
    .where('status', '=', 'awaiting_payment')
    .where('reserved_until', '<', now)
    .orderBy('reserved_until')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export interface ShopOrderFilter {
  shopId: string;
  statuses?: readonly OrderStatus[] | undefined;
  marketDate?: string | undefined;
  limit: number;
}

export function listShopOrders(db: Db, filter: ShopOrderFilter): Promise<OrderRow[]> {
  let query = orderQuery(db).where('o.shop_id', '=', filter.shopId);
  if (filter.statuses) query = query.where('o.status', 'in', [...filter.statuses]);
  if (filter.marketDate) query = query.where('o.market_date', '=', filter.marketDate);
  return query.orderBy('o.placed_at', 'desc').limit(filter.limit).execute();
}

/** A shop's orders placed in a month (Vietnam time) whose money came in: transfers received, cash at the hand-over. */
export async function sumMonthIncome(db: Db, shopId: string, month: string): Promise<{ orders: number; income: number; cashless: number }> {
  const row = await db
    .selectFrom('shop_order')
    .select([
      sql<number>`count(*)::int`.as('orders'),
      sql<number>`coalesce(sum(total) filter (where payment_method = 'transfer'), 0)::int`.as('cashless'),
      sql<number>`coalesce(sum(total), 0)::int`.as('income'),
    ])
    .where('shop_id', '=', shopId)
    .where(sql<boolean>`to_char(placed_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM') = ${month}`)
    .where((eb) =>
      eb.or([
        eb.and([eb('payment_method', '=', 'transfer'), eb('payment_status', 'in', ['paid', 'overpaid']), eb('status', '!=', 'refunded')]),
        eb.and([eb('payment_method', '=', 'cash'), eb('status', 'in', ['collected', 'handed_over', 'done'])]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return row;
}

export interface VillageOrderSummary {
  org_unit_code: string;
  year: number;
  quarter: number | null;
  month: number | null;
  orders: number;
  order_value: number;
  paid_value: number;
  cashless_value: number;
}

/**
 * Orders per buyer's village and period (Vietnam time, dated by placing): those not cancelled or
 * expired, their value, and the value whose money came in, as the seller's month counts it
 * (`sumMonthIncome`): transfers received, cash at the hand-over; refunds do not count.
 */
export async function summariseVillageOrders(db: Db, years: readonly number[], villages: readonly string[] | undefined): Promise<VillageOrderSummary[]> {
  const first = Math.min(...years);
  const last = Math.max(...years);
  const inVillages = villages ? sql`and village_code = any(${[...villages]}::text[])` : sql``;
  const { rows } = await sql<VillageOrderSummary>`
    with placed as (
      select village_code, (placed_at at time zone 'Asia/Ho_Chi_Minh')::date as day, total, payment_method,
        (payment_method = 'transfer' and payment_status in ('paid', 'overpaid') and status <> 'refunded')
          or (payment_method = 'cash' and status in ('collected', 'handed_over', 'done')) as paid
      from shop_order
      where status not in ('cancelled', 'expired')
        and placed_at >= make_date(${first}::int, 1, 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
        and placed_at < make_date(${last + 1}::int, 1, 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
        ${inVillages}
    ),
    dated as (select *, extract(year from day)::int as y, extract(quarter from day)::int as q, extract(month from day)::int as m from placed)
    select village_code as org_unit_code, y as year, case when grouping(q) = 0 then q end as quarter, case when grouping(m) = 0 then m end as month,
      count(*)::int as orders,
      sum(total)::float8 as order_value,
      coalesce(sum(total) filter (where paid), 0)::float8 as paid_value,
      coalesce(sum(total) filter (where paid and payment_method = 'transfer'), 0)::float8 as cashless_value
    from dated
    where y = any(${[...years]}::int[])
    group by village_code, y, grouping sets ((), (q), (m))`.execute(db);
  return rows;
}

/** Money in as the seller's month counts it (`sumMonthIncome`): transfers received in full, cash at the hand-over; refunds out. */
const BRINGS_INCOME = sql`((payment_method = 'transfer' and payment_status in ('paid', 'overpaid') and status <> 'refunded')
  or (payment_method = 'cash' and status in ('collected', 'handed_over', 'done')))`;

export interface MedianIncome {
  unit_code: string;
  period: string;
  median: number;
  shops: number;
}

/**
 * The median of the monthly incomes of the shops of each unit (unit–shop pairs), over the months
 * of each period (id, first and last day) in which a shop had any: one value per shop and month,
 * dated by the order's placing in Vietnam time, as `summariseShopIncome` counts them.
 */
export async function medianShopMonthIncome(
  db: Db,
  pairs: readonly { unit_code: string; shop_id: string }[],
  periods: readonly { id: string; start: string; end: string }[],
): Promise<MedianIncome[]> {
  if (pairs.length === 0 || periods.length === 0) return [];
  const from = periods.reduce((first, p) => (p.start < first ? p.start : first), periods[0]!.start);
  const to = periods.reduce((last, p) => (p.end > last ? p.end : last), periods[0]!.end);
  const { rows } = await sql<MedianIncome>`
    with units as (select * from unnest(${pairs.map((p) => p.unit_code)}::text[], ${pairs.map((p) => p.shop_id)}::uuid[]) as u(unit_code, shop_id)),
    periods as (select * from unnest(${periods.map((p) => p.id)}::text[], ${periods.map((p) => p.start)}::date[], ${periods.map((p) => p.end)}::date[]) as p(id, first_day, last_day)),
    months as (
      select shop_id, date_trunc('month', placed_at at time zone 'Asia/Ho_Chi_Minh')::date as month, sum(total)::float8 as income
      from shop_order
      where shop_id in (select shop_id from units) and ${BRINGS_INCOME}
        and placed_at >= ${from}::date::timestamp at time zone 'Asia/Ho_Chi_Minh'
        and placed_at < (${to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
      group by 1, 2
    )
    select u.unit_code, p.id as period, percentile_cont(0.5) within group (order by m.income)::float8 as median, count(distinct m.shop_id)::int as shops
    from months m
    join units u on u.shop_id = m.shop_id
    join periods p on m.month between p.first_day and p.last_day
    group by u.unit_code, p.id`.execute(db);
  return rows;
}

export interface ShopMonthIncome {
  shop_id: string;
  year: number;
  quarter: number | null;
  month: number | null;
  income: number;
  months: number;
}

/**
 * Each of these shops' income per period, as `sumMonthIncome` counts it, and the months in which it
 * had any: income ÷ months is the shop's monthly income whatever the period.
 */
export async function summariseShopIncome(db: Db, years: readonly number[], shopIds: readonly string[]): Promise<ShopMonthIncome[]> {
  if (shopIds.length === 0) return [];
  const { rows } = await sql<ShopMonthIncome>`
    with paid as (
      select shop_id, (placed_at at time zone 'Asia/Ho_Chi_Minh')::date as day, total
      from shop_order
      where shop_id = any(${[...shopIds]}::uuid[])
        and ${BRINGS_INCOME}
        and placed_at >= make_date(${Math.min(...years)}::int, 1, 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
        and placed_at < make_date(${Math.max(...years) + 1}::int, 1, 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
    ),
    dated as (select *, extract(year from day)::int as y, extract(quarter from day)::int as q, extract(month from day)::int as m from paid)
    select shop_id, y as year, case when grouping(q) = 0 then q end as quarter, case when grouping(m) = 0 then m end as month,
      sum(total)::float8 as income, count(distinct m)::int as months
    from dated
    where y = any(${[...years]}::int[])
    group by shop_id, y, grouping sets ((), (q), (m))`.execute(db);
  return rows;
}
