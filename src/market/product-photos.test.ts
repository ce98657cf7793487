import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { openShop, type ShopFixture } from '../../testing/market-test-kit.ts';
import { createHttpServer } from '../platform/http.ts';
import { serveWebApp } from '../platform/web-app.ts';
import { folderMediaStore, type MediaStore } from '../media/index.ts';
import { shopPageHead } from './index.ts';

/** A phone photo's shape: 1600×1200 of noise, so it compresses like one. */
const phonePhoto = (seed: number) =>
  sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: seed, g: 120, b: 60 }, noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .jpeg({ quality: 85 })
    .toBuffer();

describe.each(testEngines())('product photos in the market on %s', (engine) => {
  let t: TestApp;
  let folder: string;
  let herbalist: ShopFixture;
  let neighbour: ShopFixture;
  let officer: TestSession;
  let store: MediaStore;

  const upload = (session: TestSession, productId: string, bytes: Buffer) =>
    t.app.inject({
      method: 'POST',
      url: `/api/media/photos?ownerKind=product&ownerId=${productId}`,
      headers: { 'content-type': 'image/jpeg', cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      payload: bytes,
    });

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'banso-market-photos-'));
    store = folderMediaStore(folder);
    t = await startTestApp(engine, { mediaStore: store });
    const langDong = await t.addVillage('06376', 1, 'Lăng Đồng');
    officer = await t.signIn({ username: 'canbo.nh', displayName: 'Cán bộ Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
    herbalist = await openShop(t, officer, {
      villageCode: langDong,
      name: 'Thuốc nam Lăng Đồng',
      sellerUsername: 'ban.langdong',
      products: [{ name: 'Lá tắm người Dao', unit: 'bó', price: 50_000, stock: 40 }],
    });
    neighbour = await openShop(t, officer, {
      villageCode: langDong,
      name: 'Mật ong Lăng Đồng',
      sellerUsername: 'ban.matong',
      products: [{ name: 'Mật ong rừng', unit: 'chai', price: 250_000, stock: 10 }],
    });
  });
  afterAll(async () => {
    await t?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('lets a seller upload a photo for her product, attach it, and shows its widths on the shop page', async () => {
    const product = herbalist.products[0]!;
    const uploaded = await upload(herbalist.seller, product.id, await phonePhoto(10));
    expect(uploaded.statusCode).toBe(201);
    const photoId: string = uploaded.json().id;
    const attached = await t.as(herbalist.seller, 'POST', `/api/shops/${herbalist.shopId}/products/${product.id}/photos`, { photoId });
    expect(attached.statusCode).toBe(200);
    expect(attached.json().photoIds).toEqual([photoId]);
    // Attaching it again keeps one.
    expect((await t.as(herbalist.seller, 'POST', `/api/shops/${herbalist.shopId}/products/${product.id}/photos`, { photoId })).json().photoIds).toEqual([
      photoId,
    ]);

    const page = (await t.app.inject({ method: 'GET', url: `/api/shop-pages/${herbalist.slug}` })).json();
    const [photo] = page.products[0].photos;
    expect(photo.variants.map((v: { width: number }) => v.width)).toEqual([200, 320, 640, 1200]);
    expect(photo.fallback).toMatchObject({ width: 640, height: 480 });
    const served = await t.app.inject({ method: 'GET', url: photo.variants[0].url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    const mine = (await t.as(herbalist.seller, 'GET', `/api/shops/${herbalist.shopId}/products`)).json();
    expect(mine.items[0].photos[0].id).toBe(photoId);
  });

  it('refuses the seller of another shop, both to upload and to attach, and an unknown photo id', async () => {
    const product = herbalist.products[0]!;
    expect((await upload(neighbour.seller, product.id, await phonePhoto(20))).statusCode).toBe(403);
    const own = (await upload(neighbour.seller, neighbour.products[0]!.id, await phonePhoto(30))).json();
    const foreign = await t.as(neighbour.seller, 'POST', `/api/shops/${herbalist.shopId}/products/${product.id}/photos`, { photoId: own.id });
    expect(foreign.statusCode).toBe(403);
    // Her own shop's address with the other shop's product: not found there.
    expect((await t.as(neighbour.seller, 'POST', `/api/shops/${neighbour.shopId}/products/${product.id}/photos`, { photoId: own.id })).statusCode).toBe(404);
    const unknown = await t.as(herbalist.seller, 'POST', `/api/shops/${herbalist.shopId}/products/${product.id}/photos`, { photoId: 'f'.repeat(32) });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'product.unknown_photo', field: 'photoId' });
    expect((await upload(herbalist.seller, '0190d8a0-0000-7000-8000-000000000000', await phonePhoto(40))).statusCode).toBe(404);
  });

  it('gives the shop page an og:image at the request’s host: the shop’s 1200×630 card, drawn once and cached a year at its versioned address', async () => {
    await t.as(officer, 'POST', '/api/markets', {
      name: 'Chợ phiên Nhất Hòa',
      communeCode: '06376',
      schedule: { rule: { kind: 'weekdays', weekdays: [6] } },
      shopIds: [herbalist.shopId],
    });
    const dist = await mkdtemp(path.join(tmpdir(), 'banso-web-'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><meta name="description" content="Bản Số" /><title>Bản Số</title>');
    // As Vite's build describes the shop page's chunk: the shell's, and a chunk with a stylesheet that both share.
    await mkdir(path.join(dist, '.vite'));
    const manifest = {
      'index.html': { file: 'assets/index-A1.js', isEntry: true },
      'src/market/shop-page.tsx': { file: 'assets/shop-page-B2.js', imports: ['index.html', '_market-C3.js'], isDynamicEntry: true },
      '_market-C3.js': { file: 'assets/market-C3.js', imports: ['index.html'], css: ['assets/market-D4.css'] },
    };
    await writeFile(path.join(dist, '.vite/manifest.json'), JSON.stringify(manifest));
    const web = await createHttpServer({ version: 'test' });
    await serveWebApp(web, dist, (page) => shopPageHead(t.handle.db, store, page));
    const html = (await web.inject({ url: `/cua-hang/${herbalist.slug}`, headers: { host: 'banso.example.vn' } })).body;
    await web.close();
    await rm(dist, { recursive: true, force: true });
    const image = /<meta property="og:image" content="http:\/\/banso\.example\.vn(\/media\/cards\/shop\/[^"]+)" \/>/.exec(html)?.[1];
    expect(image).toBeDefined();
    expect(html).toContain('<meta property="og:image:width" content="1200" />');
    expect(html).toContain('<meta property="og:image:height" content="630" />');
    expect(html).toContain(`<meta name="twitter:image" content="http://banso.example.vn${image}" />`);
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image" />');
    // The page's data is asked for with the HTML, not after the app's script has loaded.
    expect(html).toContain(`<link rel="preload" href="/api/shop-pages/${herbalist.slug}" as="fetch" crossorigin="anonymous" />`);
    // And so is the page's code, each chunk once, beside the app's first script.
    const preloads = html.match(/<link rel="(?:modulepreload|preload" as="style)" crossorigin href="[^"]+" \/>/g);
    expect(preloads).toEqual([
      '<link rel="modulepreload" crossorigin href="/assets/shop-page-B2.js" />',
      '<link rel="modulepreload" crossorigin href="/assets/index-A1.js" />',
      '<link rel="modulepreload" crossorigin href="/assets/market-C3.js" />',
      '<link rel="preload" as="style" crossorigin href="/assets/market-D4.css" />',
    ]);

    const card = await t.app.inject({ url: image! });
    expect(card.statusCode).toBe(200);
    expect(card.headers['content-type']).toBe('image/png');
    expect(card.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(await sharp(card.rawPayload).metadata()).toMatchObject({ format: 'png', width: 1200, height: 630 });
    // Without its key the address may show another card tomorrow: an hour, not a year.
    const unversioned = await t.app.inject({ url: `/media/cards/shop/${herbalist.slug}.png` });
    expect(unversioned.headers['cache-control']).toBe('public, max-age=3600');
    expect(unversioned.rawPayload.equals(card.rawPayload)).toBe(true);
    expect((await t.app.inject({ url: '/media/cards/shop/khong-co.png' })).statusCode).toBe(404);
  });

  it('takes a photo off a product, audits both changes, and refuses to take off one it does not show', async () => {
    const product = herbalist.products[0]!;
    const url = `/api/shops/${herbalist.shopId}/products/${product.id}/photos`;
    const [photoId] = (await t.as(herbalist.seller, 'GET', `/api/shops/${herbalist.shopId}/products`)).json().items[0].photoIds;
    expect((await t.as(neighbour.seller, 'DELETE', `${url}/${photoId}`)).statusCode).toBe(403);
    const removed = await t.as(herbalist.seller, 'DELETE', `${url}/${photoId}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ photoIds: [], photos: [] });
    expect((await t.as(herbalist.seller, 'DELETE', `${url}/${photoId}`)).statusCode).toBe(404);
    const rows = await t.handle.db.selectFrom('audit_entry').select(['action', 'outcome']).where('entity', 'in', ['product', 'photo']).execute();
    expect(rows.map((r) => `${r.action}:${r.outcome}`)).toEqual(expect.arrayContaining(['media:upload:ok', 'product:add_photo:ok', 'product:remove_photo:ok']));
  });
});
