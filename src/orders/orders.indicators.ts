import type { Db } from '../platform/database.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { declareIndicators, type DataSource, type LeafValue } from '../indicators/index.ts';
import { periodOfRow, refreshDataValues } from '../indicators/index.ts';
import { listShopsWithin, mapShopVillages } from '../market/index.ts';
import { medianShopMonthIncome, summariseShopIncome, summariseVillageOrders } from './order.repository.ts';

/** Every data element an order's placing, payment or change of state can move. */
export const ORDER_ELEMENTS = [
  'ORDER_VILLAGES',
  'ORDERS_PLACED',
  'ORDER_VALUE',
  'ORDER_PAID_VALUE',
  'ORDER_CASHLESS_VALUE',
  'SELLER_INCOME',
  'SELLER_MONTHS',
  'SELLER_SHOPS',
] as const;

/**
 * Brings an order's values up to date in the write's transaction (decision 0020): the buyer's
 * village and the shop's, for the year the order was placed in (its values are dated by placing).
 */
export async function refreshOrderValues(tx: Db, order: { villageCode: string; shopVillageCode: string; placedAt: Date }): Promise<void> {
  const year = Number(todayInVietnam(order.placedAt).slice(0, 4));
  await refreshDataValues(tx, {
    leafLevel: 'village',
    leaves: [...new Set([order.villageCode, order.shopVillageCode])],
    years: [year],
    elements: ORDER_ELEMENTS,
  });
}

/**
 * The orders' data elements per village and period, dated by the order's placing (Vietnam time):
 * flows, so yearly, quarterly and monthly. Buying is counted at the buyer's village, selling at the
 * shop's (decision 0032). A village with no order in a period has no value, never zero.
 */
export const ordersSource: DataSource = {
  name: 'orders',
  leafLevel: 'village',
  elements: [
    { code: 'ORDER_VILLAGES', name: { vi: 'Thôn/bản có đơn hàng trực tuyến', en: 'Villages with online orders' } },
    { code: 'ORDERS_PLACED', name: { vi: 'Đơn hàng đã đặt (trừ đơn hủy, hết hạn)', en: 'Orders placed (not cancelled or expired)' } },
    { code: 'ORDER_VALUE', name: { vi: 'Giá trị đơn hàng đã đặt (đồng)', en: 'Value of orders placed (đồng)' } },
    { code: 'ORDER_PAID_VALUE', name: { vi: 'Giá trị đơn hàng đã trả tiền (đồng)', en: 'Value of orders paid (đồng)' } },
    { code: 'ORDER_CASHLESS_VALUE', name: { vi: 'Giá trị đơn hàng trả bằng chuyển khoản (đồng)', en: 'Value of orders paid by transfer (đồng)' } },
    { code: 'SELLER_INCOME', name: { vi: 'Thu nhập của người bán từ đơn hàng (đồng)', en: 'Sellers’ income from orders (đồng)' } },
    { code: 'SELLER_MONTHS', name: { vi: 'Số tháng-cửa hàng có thu nhập', en: 'Shop-months with income' } },
    { code: 'SELLER_SHOPS', name: { vi: 'Cửa hàng có thu nhập', en: 'Shops with income' } },
  ],
  subYearElements: ORDER_ELEMENTS,
  // A village's income from one or two shops is theirs: the shops behind it are its cell (decision 0045).
  smallCells: { households: 'SELLER_SHOPS', elements: ['SELLER_INCOME', 'SELLER_MONTHS', 'SELLER_SHOPS'] },
  readTimeElements: [
    {
      code: 'SELLER_INCOME_MEDIAN',
      name: { vi: 'Trung vị thu nhập tháng của cửa hàng (đồng)', en: 'Median monthly income of a shop (đồng)' },
      subYear: true,
      // Moved by the orders, the shops and the territory (migration 0029).
      counter: 'shop_income',
      // A median does not add up the territory: taken over the unit's shops when read (decision 0036).
      async read(db, units, periods) {
        const rows = await medianShopMonthIncome(db, await listShopsWithin(db, units), periods);
        return rows.map((r) => ({ orgUnitCode: r.unit_code, period: r.period, value: r.median, records: r.shops }));
      },
    },
  ],
  reporting: { reported: 'ORDER_VILLAGES', expected: 'VILLAGES' },
  subYearReporting: { reported: 'ORDER_VILLAGES', expected: 'VILLAGES' },
  async compute(db, years, villages) {
    const values: LeafValue[] = [];
    for (const row of await summariseVillageOrders(db, years, villages)) {
      const period = periodOfRow(row);
      values.push(
        { dataElement: 'ORDER_VILLAGES', orgUnitCode: row.org_unit_code, period, value: 1 },
        { dataElement: 'ORDERS_PLACED', orgUnitCode: row.org_unit_code, period, value: row.orders },
        { dataElement: 'ORDER_VALUE', orgUnitCode: row.org_unit_code, period, value: Number(row.order_value) },
        { dataElement: 'ORDER_PAID_VALUE', orgUnitCode: row.org_unit_code, period, value: Number(row.paid_value) },
        { dataElement: 'ORDER_CASHLESS_VALUE', orgUnitCode: row.org_unit_code, period, value: Number(row.cashless_value) },
      );
    }
    const shopVillages = await mapShopVillages(db, villages);
    const selling = new Map<string, { orgUnitCode: string; period: string; income: number; months: number; shops: number }>();
    for (const row of await summariseShopIncome(db, years, [...shopVillages.keys()])) {
      const orgUnitCode = shopVillages.get(row.shop_id)!;
      const period = periodOfRow(row);
      const key = `${orgUnitCode} ${period}`;
      const cell = selling.get(key) ?? { orgUnitCode, period, income: 0, months: 0, shops: 0 };
      cell.income += Number(row.income);
      cell.months += row.months;
      // One row per shop and period.
      cell.shops += 1;
      selling.set(key, cell);
    }
    for (const { orgUnitCode, period, income, months, shops } of selling.values()) {
      values.push(
        { dataElement: 'SELLER_INCOME', orgUnitCode, period, value: income },
        { dataElement: 'SELLER_MONTHS', orgUnitCode, period, value: months },
        { dataElement: 'SELLER_SHOPS', orgUnitCode, period, value: shops },
      );
    }
    return values;
  },
};

/** The orders' indicators (issue 13), by commune and month on the dashboard. */
export const orderIndicators = declareIndicators('orders', { timeAggregation: 'flow' }, [
  {
    code: 'MKT_ORDERS',
    name: { vi: 'Đơn hàng trực tuyến', en: 'Online orders' },
    definition: {
      vi: 'Đơn hàng đặt trên chợ Bản Số trong kỳ, trừ đơn đã hủy hoặc hết hạn, tính theo thôn/bản của người mua.',
      en: 'Orders placed on the Bản Số market within the period, less those cancelled or expired, counted at the buyer’s village.',
    },
    numerator: 'ORDERS_PLACED',
  },
  {
    code: 'MKT_GMV',
    name: { vi: 'Giá trị hàng hóa giao dịch (GMV, đồng)', en: 'Gross merchandise value (GMV, đồng)' },
    definition: {
      vi: 'Tổng giá trị các đơn hàng đặt trong kỳ, trừ đơn đã hủy hoặc hết hạn, tính theo thôn/bản của người mua.',
      en: 'Total value of the orders placed within the period, less those cancelled or expired, counted at the buyer’s village.',
    },
    numerator: 'ORDER_VALUE',
  },
  {
    code: 'MKT_CASHLESS',
    name: { vi: 'Giá trị đơn hàng trả không dùng tiền mặt (%)', en: 'Order value paid without cash (%)' },
    definition: {
      vi: 'Giá trị đơn hàng đã trả bằng chuyển khoản (VietQR) / giá trị đơn hàng đã trả (chuyển khoản đã nhận đủ, tiền mặt khi giao nhận); đơn đã hoàn tiền không tính.',
      en: 'Value of orders paid by transfer (VietQR) / value of orders paid (transfers received in full, cash at the hand-over); refunded orders do not count.',
    },
    numerator: 'ORDER_CASHLESS_VALUE',
    denominator: 'ORDER_PAID_VALUE',
    factor: 100,
    decimals: 1,
  },
  {
    code: 'MKT_SELLER_MEDIAN',
    name: { vi: 'Trung vị thu nhập tháng của người bán (đồng)', en: 'Sellers’ median monthly income (đồng)' },
    definition: {
      vi: 'Trung vị thu nhập tháng từ đơn hàng đã trả của các cửa hàng thuộc đơn vị, trên các tháng-cửa hàng có thu nhập trong kỳ. Tính khi đọc, không cộng dồn; ẩn khi có ít cửa hàng hơn ngưỡng ô nhỏ.',
      en: 'Median of the monthly incomes from paid orders of the shops within the unit, over the shop-months with income in the period. Computed when read, never added up; hidden when fewer shops than the small-cell threshold.',
    },
    numerator: 'SELLER_INCOME_MEDIAN',
  },
  {
    code: 'MKT_SELLER_INCOME',
    name: { vi: 'Thu nhập tháng bình quân của cửa hàng (đồng)', en: 'Mean monthly income per shop (đồng)' },
    definition: {
      vi: 'Thu nhập của người bán từ đơn hàng đã trả / số tháng-cửa hàng có thu nhập, tính theo thôn/bản của cửa hàng. Số bình quân, kéo lên bởi vài cửa hàng bán nhiều: xem cùng trung vị (MKT_SELLER_MEDIAN). Ẩn với công chúng khi tính từ ít cửa hàng hơn ngưỡng ô nhỏ.',
      en: 'Sellers’ income from paid orders / shop-months with income, counted at the shop’s village. A mean, pulled up by a few big sellers: read it beside the median (MKT_SELLER_MEDIAN). Hidden from the public when made from fewer shops than the small-cell threshold.',
    },
    numerator: 'SELLER_INCOME',
    denominator: 'SELLER_MONTHS',
  },
]);
