/** What the web app may use of the market's shapes without its I/O (decision 0019, addendum). */
export type { MarketSummary, Product, ProductPhoto, ProductWithPhotos, PublicShop, Shop } from './shop.schema.ts';
