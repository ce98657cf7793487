import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import { sendJsonBytes, type HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { optionalActor } from '../accounts/index.ts';
import { orgUnitCode } from '../territory/index.ts';
import {
  addProduct,
  addShopSeller,
  changeProduct,
  changeShop,
  createMarket,
  createShop,
  listMyShops,
  listShopProducts,
  listShopsOf,
  setShopStatus,
} from './manage-shops.ts';
import type { MediaStore } from '../media/index.ts';
import { attachProductPhoto, removeProductPhoto, withPhotos } from './product-photos.ts';
import { drawShopCard } from './shop-card.ts';
import { readShopPageJson } from './read-shop-page.ts';
import {
  marketSummary,
  newMarket,
  newProduct,
  newShop,
  photoAttachment,
  product,
  productChanges,
  productWithPhotos,
  publicShop,
  shop,
  shopChanges,
  shopSlug,
  shopStatusChange,
} from './shop.schema.ts';

export function registerMarketRoutes(app: HttpServer, db: Db, store: MediaStore): void {
  const tags = ['market'];
  const security = [{ session: [] }];
  const shopParams = z.object({ shopId: z.uuid() });
  const shops = z.object({ items: z.array(shop) });
  const cardFile = z.custom<Buffer>((value) => Buffer.isBuffer(value)).meta({ type: 'string', format: 'binary', description: 'image/png, 1200×630' });

  app.get('/api/shop-pages/:slug', {
    schema: {
      tags,
      summary: 'A shop’s public page: its products on sale and the next days of the markets it goes to',
      params: z.object({ slug: shopSlug }),
      response: { 200: publicShop, ...errorResponses },
    },
    handler: async (req, reply) => sendJsonBytes(req, reply, await readShopPageJson(db, store, req.params.slug)),
  });

  app.get('/media/cards/shop/:slug.png', {
    schema: {
      tags,
      summary: 'A shop’s 1200×630 share card (PNG) for Zalo and Facebook previews: its first product with a photo, the price, the next market day',
      params: z.object({ slug: shopSlug }),
      querystring: z.object({ v: z.string().max(64).optional().describe('The card’s key, as the shop page’s og:image gives it') }),
      response: { 200: cardFile, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { key, png } = await drawShopCard(db, store, req.params.slug);
      // The address with the card's own key names that picture for ever; without it, the shop's card may change.
      const cache = req.query.v === key ? 'public, max-age=31536000, immutable' : 'public, max-age=3600';
      return reply.type('image/png').header('cache-control', cache).send(png);
    },
  });

  app.post('/api/shops', {
    schema: {
      tags,
      security,
      summary: 'Open a shop for a village’s sellers (commune officers, in their subtree)',
      body: newShop,
      response: { 201: shop, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(await createShop(db, optionalActor(req), req.body)),
  });

  app.get('/api/shops', {
    schema: {
      tags,
      security,
      summary: 'The shops of a unit and below (commune officers)',
      querystring: z.object({ orgUnit: orgUnitCode }),
      response: { 200: shops, ...errorResponses },
    },
    handler: async (req) => ({ items: await listShopsOf(db, optionalActor(req), req.query.orgUnit) }),
  });

  app.get('/api/shops/mine', {
    schema: { tags, security, summary: 'The shops the caller sells for', response: { 200: shops, ...errorResponses } },
    handler: async (req) => ({ items: await listMyShops(db, optionalActor(req)) }),
  });

  app.patch('/api/shops/:shopId', {
    schema: {
      tags,
      security,
      summary: 'Change what the shop tells buyers and where transfers go (the shop’s sellers)',
      params: shopParams,
      body: shopChanges,
      response: { 200: shop, ...errorResponses },
    },
    handler: (req) => changeShop(db, optionalActor(req), req.params.shopId, req.body),
  });

  app.put('/api/shops/:shopId/status', {
    schema: {
      tags,
      security,
      summary: 'Suspend a shop or open it again (commune officers)',
      params: shopParams,
      body: shopStatusChange,
      response: { 200: shop, ...errorResponses },
    },
    handler: (req) => setShopStatus(db, optionalActor(req), req.params.shopId, req.body.status),
  });

  app.post('/api/shops/:shopId/sellers', {
    schema: {
      tags,
      security,
      summary: 'Add a seller account to a shop (commune officers)',
      params: shopParams,
      body: z.strictObject({ accountId: z.uuid() }),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await addShopSeller(db, optionalActor(req), req.params.shopId, req.body.accountId);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/shops/:shopId/products', {
    schema: {
      tags,
      security,
      summary: 'Every product of the shop, hidden ones too, with their photos (the shop’s sellers)',
      params: shopParams,
      response: { 200: z.object({ items: z.array(productWithPhotos) }), ...errorResponses },
    },
    handler: async (req) => ({ items: await withPhotos(store, await listShopProducts(db, optionalActor(req), req.params.shopId)) }),
  });

  const productParams = shopParams.extend({ productId: z.uuid() });
  app.post('/api/shops/:shopId/products/:productId/photos', {
    schema: {
      tags,
      security,
      summary: 'Show an uploaded photo on a product, after the others (the shop’s sellers)',
      params: productParams,
      body: photoAttachment,
      response: { 200: productWithPhotos, ...errorResponses },
    },
    handler: (req) => attachProductPhoto(db, store, optionalActor(req), req.params.shopId, req.params.productId, req.body.photoId),
  });

  app.delete('/api/shops/:shopId/products/:productId/photos/:photoId', {
    schema: {
      tags,
      security,
      summary: 'Take a photo off a product (the shop’s sellers)',
      params: productParams.extend({ photoId: z.string().max(64) }),
      response: { 200: productWithPhotos, ...errorResponses },
    },
    handler: (req) => removeProductPhoto(db, store, optionalActor(req), req.params.shopId, req.params.productId, req.params.photoId),
  });

  app.post('/api/shops/:shopId/products', {
    schema: {
      tags,
      security,
      summary: 'Add a product (the shop’s sellers)',
      params: shopParams,
      body: newProduct,
      response: { 201: product, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(await addProduct(db, optionalActor(req), req.params.shopId, req.body)),
  });

  app.patch('/api/shops/:shopId/products/:productId', {
    schema: {
      tags,
      security,
      summary: 'Change a product: name, unit, price, stock, on sale or not (the shop’s sellers)',
      params: shopParams.extend({ productId: z.uuid() }),
      body: productChanges,
      response: { 200: product, ...errorResponses },
    },
    handler: (req) => changeProduct(db, optionalActor(req), req.params.shopId, req.params.productId, req.body),
  });

  app.post('/api/markets', {
    schema: {
      tags,
      security,
      summary: 'Record a commune’s market (chợ phiên): place, rule, the shops that go there (commune officers)',
      body: newMarket,
      response: { 201: marketSummary, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(await createMarket(db, optionalActor(req), req.body)),
  });
}
