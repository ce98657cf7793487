import type { Db } from '../platform/database.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { declareIndicators, type DataSource, type LeafValue } from '../indicators/index.ts';
import { periodOfRow, refreshDataValues, yearsFrom } from '../indicators/index.ts';
import { summariseShopsOnline } from './shop.repository.ts';

/** The market's data elements a shop's opening, suspension or new seller changes. */
export const SHOP_ELEMENTS = ['SHOP_VILLAGES', 'SHOPS_ONLINE', 'SELLERS_ONLINE'] as const;

/**
 * Brings a village's shop values up to date in the write's transaction (decision 0020), from the
 * year the shop opened: a shop counts in every period since, so its opening, suspension or new
 * seller changes all of them.
 */
export async function refreshShopValues(tx: Db, villageCode: string, openedAt: Date): Promise<void> {
  await refreshDataValues(tx, {
    leafLevel: 'village',
    leaves: [villageCode],
    years: yearsFrom(Number(todayInVietnam(openedAt).slice(0, 4))),
    elements: SHOP_ELEMENTS,
  });
}

/**
 * The market's data elements per village (the shop's) and period: shops open at the period's end,
 * so a stock, read for every year, quarter and month. A village with no shop has no value.
 */
export const marketSource: DataSource = {
  name: 'market',
  leafLevel: 'village',
  elements: [
    { code: 'SHOP_VILLAGES', name: { vi: 'Thôn/bản có cửa hàng trực tuyến', en: 'Villages with an online shop' } },
    { code: 'SHOPS_ONLINE', name: { vi: 'Cửa hàng trực tuyến đang mở', en: 'Online shops open' } },
    { code: 'SELLERS_ONLINE', name: { vi: 'Hộ/HTX bán hàng trực tuyến', en: 'Households and cooperatives selling online' } },
  ],
  subYearElements: SHOP_ELEMENTS,
  reporting: { reported: 'SHOP_VILLAGES', expected: 'VILLAGES' },
  subYearReporting: { reported: 'SHOP_VILLAGES', expected: 'VILLAGES' },
  async compute(db, years, villages) {
    const values: LeafValue[] = [];
    for (const row of await summariseShopsOnline(db, years, villages)) {
      const period = periodOfRow(row);
      values.push(
        { dataElement: 'SHOP_VILLAGES', orgUnitCode: row.org_unit_code, period, value: 1 },
        { dataElement: 'SHOPS_ONLINE', orgUnitCode: row.org_unit_code, period, value: row.shops },
        { dataElement: 'SELLERS_ONLINE', orgUnitCode: row.org_unit_code, period, value: row.sellers },
      );
    }
    return values;
  },
};

/** The market's indicators (issue 13): shops and sellers online, read at the end of the period. */
export const marketIndicators = declareIndicators('market', { timeAggregation: 'stock' }, [
  {
    code: 'MKT_SHOPS',
    name: { vi: 'Cửa hàng trực tuyến đang mở', en: 'Online shops open' },
    definition: {
      vi: 'Cửa hàng trên chợ Bản Số đang mở vào ngày cuối kỳ, tính theo thôn/bản của cửa hàng.',
      en: 'Bản Số market shops open on the last day of the period, counted at the shop’s village.',
    },
    numerator: 'SHOPS_ONLINE',
  },
  {
    code: 'SELLER_ONLINE',
    name: { vi: 'Hộ/HTX bán hàng trực tuyến', en: 'Producers selling online' },
    definition: {
      vi: 'Người bán (một hộ hoặc một HTX mỗi tài khoản) của các cửa hàng đang mở vào ngày cuối kỳ, tính theo thôn/bản của cửa hàng.',
      en: 'Sellers (one household or cooperative per account) of the shops open on the last day of the period, counted at the shop’s village.',
    },
    numerator: 'SELLERS_ONLINE',
  },
]);
