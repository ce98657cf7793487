/** The market's public face: the lunar calendar and market days, shops, products and markets, and the shop access rule. */
export {
  CHINA_UTC_OFFSET,
  VIETNAM_UTC_OFFSET,
  dayCanChi,
  lunarToSolar,
  lunarYearMonths,
  solarToLunar,
  tet,
  yearCanChi,
  type CanChi,
  type LunarDate,
  type LunarMonth,
} from './lunar-calendar.rules.ts';
export {
  describeMarketSchedule,
  marketDayOn,
  marketDaysBetween,
  nextMarketDays,
  sellerCalendar,
  type MarketDay,
  type MarketDayAt,
} from './market-day.rules.ts';
export { marketRule, marketSchedule, lunarPeriod, type MarketRule, type MarketSchedule, type LunarPeriod } from './market-day.schema.ts';
export { authorizeProduct, authorizeShop } from './shop-access.ts';
export { shopSlugOf } from './shop.rules.ts';
export {
  findMarket,
  findShop,
  listMarketsOfShop,
  listShopsWithin,
  mapShopVillages,
  shopGoesToMarket,
  type MarketRow,
  type ShopRow,
} from './shop.repository.ts';
export { marketIndicators, marketSource, SHOP_ELEMENTS } from './market.indicators.ts';
export { registerMarketRoutes } from './market.routes.ts';
export {
  insertMarketsInBulk,
  insertProductsInBulk,
  insertShopsInBulk,
  type MarketInBulk,
  type ProductInBulk,
  type ShopInBulk,
} from './market-bulk.repository.ts';
export { releaseStock, reserveStock, type ReservedLine } from './reserve-stock.ts';
export type { StockTaken } from './stock.repository.ts';
export { shopPageHead } from './shop-page-head.ts';
