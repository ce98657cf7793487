import { z } from 'zod';
import { bilingual } from '../platform/errors.ts';
import { personText } from '../platform/api-schema.ts';
import { marketSchedule } from './market-day.schema.ts';
import { PRODUCT_UNITS } from './shop.rules.ts';

const unitCode = z
  .string()
  .regex(/^\d{5}(\d{3})?$/)
  .describe('A commune (5 digits) or village (8 digits) code');
export const shopSlug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(80)
  .describe('The shop page’s address: /cua-hang/<slug>');

/** The shop's own bank account, where buyers' VietQR transfers go: the platform never holds money. */
export const bankAccount = z.strictObject({
  bankBin: z
    .string()
    .regex(/^\d{6}$/)
    .describe('The bank’s 6-digit NAPAS BIN, e.g. 970405 for Agribank'),
  accountNumber: z
    .string()
    .regex(/^[0-9A-Za-z]{1,19}$/, bilingual({ vi: 'Số tài khoản gồm 1–19 chữ số hoặc chữ cái.', en: 'The account number is 1–19 letters or digits.' })),
  holderName: personText(50),
});
export type BankAccount = z.infer<typeof bankAccount>;

const pickupPlaces = z.array(personText(120)).max(10).describe('Where buyers collect: the house, a shop in the commune centre…');
const ocopStars = z.number().int().min(1).max(5).nullable().describe('OCOP stars (1–5) of the shop’s certified products; null without');

export const newShop = z.strictObject({
  name: personText(120),
  villageCode: unitCode,
  slug: shopSlug.optional().describe('Made from the name when left out'),
  description: personText(2000, { allowEmpty: true }).default(''),
  ocopStars: ocopStars.default(null),
  pickupPlaces: pickupPlaces.default([]),
  bankAccount: bankAccount.nullable().default(null),
  sellerAccountIds: z.array(z.uuid()).max(10).default([]).describe('The seller accounts that run the shop'),
});
export type NewShop = z.infer<typeof newShop>;

/** What a shop's sellers change themselves. */
export const shopChanges = z.strictObject({
  description: personText(2000, { allowEmpty: true }).optional(),
  pickupPlaces: pickupPlaces.optional(),
  bankAccount: bankAccount.nullable().optional(),
  ocopStars: ocopStars.optional(),
});
export type ShopChanges = z.infer<typeof shopChanges>;

export const shopStatusChange = z.strictObject({ status: z.enum(['active', 'suspended']) });

const price = z
  .number()
  .int(bilingual({ vi: 'Giá là số nguyên đồng, không có phần lẻ.', en: 'The price is a whole number of đồng, with no fraction.' }))
  .min(1, bilingual({ vi: 'Giá phải lớn hơn 0 đồng.', en: 'The price must be more than 0 đồng.' }))
  .max(1_000_000_000)
  .describe('Integer đồng, more than 0');
const stock = z
  .number()
  .int(bilingual({ vi: 'Số lượng tồn kho là số nguyên.', en: 'The stock is a whole number.' }))
  .min(0, bilingual({ vi: 'Số lượng tồn kho không thể âm.', en: 'The stock cannot be negative.' }))
  .max(1_000_000);

export const newProduct = z.strictObject({
  name: personText(200),
  unit: z.enum(PRODUCT_UNITS),
  price,
  stock,
});
export type NewProduct = z.infer<typeof newProduct>;

export const productChanges = z.strictObject({
  name: personText(200).optional(),
  unit: z.enum(PRODUCT_UNITS).optional(),
  price: price.optional(),
  stock: stock.optional(),
  active: z.boolean().optional().describe('false hides the product from the shop page'),
});
export type ProductChanges = z.infer<typeof productChanges>;

export const product = z.object({
  id: z.string(),
  shopId: z.string(),
  name: z.string(),
  unit: z.string(),
  price: z.number().int(),
  stock: z.number().int(),
  photoIds: z.array(z.string()),
  active: z.boolean(),
});
export type Product = z.infer<typeof product>;

const photoFile = z.object({ url: z.string(), width: z.number().int(), height: z.number().int() });
/** A product photo as a page shows it: WebP widths for `srcset`, a JPEG for older browsers. */
export const productPhoto = z.object({ id: z.string(), width: z.number().int(), height: z.number().int(), variants: z.array(photoFile), fallback: photoFile });
export type ProductPhoto = z.infer<typeof productPhoto>;

export const productWithPhotos = product.extend({ photos: z.array(productPhoto) });
export type ProductWithPhotos = z.infer<typeof productWithPhotos>;

export const photoAttachment = z.strictObject({
  photoId: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .describe('The id POST /api/media/photos answered'),
});

export const newMarket = z.strictObject({
  name: personText(120),
  communeCode: z.string().regex(/^\d{5}$/),
  villageCode: z
    .string()
    .regex(/^\d{8}$/)
    .nullable()
    .default(null),
  schedule: marketSchedule,
  shopIds: z.array(z.uuid()).max(500).default([]),
});
export type NewMarket = z.infer<typeof newMarket>;

const message = z.object({ vi: z.string(), en: z.string() });

export const marketSummary = z.object({
  id: z.string(),
  name: z.string(),
  communeCode: z.string(),
  communeName: z.string(),
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  schedule: message.describe('The schedule in words'),
  nextDays: z.array(z.object({ date: z.string(), lunarDay: z.number().int(), lunarMonth: z.number().int(), reason: z.string() })),
});
export type MarketSummary = z.infer<typeof marketSummary>;

export const shop = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  communeName: z.string(),
  description: z.string(),
  ocopStars: z.number().int().nullable(),
  pickupPlaces: z.array(z.string()),
  status: z.enum(['active', 'suspended']),
  /** Where transfers go, without the account number for the public (the QR carries it for an order). */
  bank: z.object({ bankBin: z.string(), holderName: z.string() }).nullable(),
  isDemo: z.boolean(),
});
export type Shop = z.infer<typeof shop>;

export const publicShop = shop.extend({
  products: z.array(productWithPhotos),
  markets: z.array(marketSummary),
});
export type PublicShop = z.infer<typeof publicShop>;
