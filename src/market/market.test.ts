import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { openShop, type ShopFixture } from '../../testing/market-test-kit.ts';
import { folderMediaStore } from '../media/index.ts';
import { shopPageHead } from './index.ts';

describe.each(testEngines())('shops, products and markets on %s', (engine) => {
  let t: TestApp;
  let langDong: string;
  let hinDam: string;
  let officerNhatHoa: TestSession;
  let officerKienMoc: TestSession;
  let herbalist: ShopFixture;
  let neighbour: ShopFixture;

  beforeAll(async () => {
    t = await startTestApp(engine);
    langDong = await t.addVillage('06376', 1, 'Lăng Đồng');
    hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    officerNhatHoa = await t.signIn({ username: 'canbo.nh', displayName: 'Cán bộ Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
    officerKienMoc = await t.signIn({ username: 'canbo.km', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    herbalist = await openShop(t, officerNhatHoa, {
      villageCode: langDong,
      name: 'Thuốc nam Lăng Đồng',
      sellerUsername: 'ban.langdong',
      products: [{ name: 'Lá tắm người Dao', unit: 'bó', price: 50_000, stock: 40 }],
    });
    // A second seller in the same village: her scope covers the herbalist's village too.
    neighbour = await openShop(t, officerNhatHoa, {
      villageCode: langDong,
      name: 'Mật ong Lăng Đồng',
      sellerUsername: 'ban.matong',
      products: [{ name: 'Mật ong rừng', unit: 'chai', price: 250_000, stock: 10 }],
    });
  });
  afterAll(() => t?.close());

  it('opens a shop at an address made from its name, without diacritics', () => {
    expect(herbalist.slug).toBe('thuoc-nam-lang-dong');
  });

  it('lets an officer open shops only in their subtree', async () => {
    const res = await t.as(officerKienMoc, 'POST', '/api/shops', { name: 'Cửa hàng lạ', villageCode: langDong });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.forbidden');
    const inOwn = await t.as(officerKienMoc, 'POST', '/api/shops', { name: 'Chè Hin Đăm', villageCode: hinDam });
    expect(inOwn.statusCode).toBe(201);
    const listed = (await t.as(officerNhatHoa, 'GET', '/api/shops?orgUnit=06376')).json();
    expect(listed.items.map((s: { name: string }) => s.name).sort()).toEqual(['Mật ong Lăng Đồng', 'Thuốc nam Lăng Đồng']);
    expect((await t.as(officerNhatHoa, 'GET', '/api/shops?orgUnit=06625')).statusCode).toBe(403);
  });

  it('never lets a seller touch another shop, its products or its details', async () => {
    const theirs = neighbour.products[0]!;
    const attempts = [
      await t.as(herbalist.seller, 'PATCH', `/api/shops/${neighbour.shopId}/products/${theirs.id}`, { price: 1_000 }),
      await t.as(herbalist.seller, 'POST', `/api/shops/${neighbour.shopId}/products`, { name: 'Hàng giả', unit: 'kg', price: 1_000, stock: 1 }),
      await t.as(herbalist.seller, 'PATCH', `/api/shops/${neighbour.shopId}`, { description: 'Đã bị sửa' }),
      await t.as(herbalist.seller, 'GET', `/api/shops/${neighbour.shopId}/products`),
      await t.as(herbalist.seller, 'PUT', `/api/shops/${herbalist.shopId}/status`, { status: 'suspended' }),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403]);
    // Her own shop's address with the other shop's product: not found there, and unchanged.
    const crossed = await t.as(herbalist.seller, 'PATCH', `/api/shops/${herbalist.shopId}/products/${theirs.id}`, { price: 1_000 });
    expect(crossed.statusCode).toBe(404);
    const still = (await t.as(neighbour.seller, 'GET', `/api/shops/${neighbour.shopId}/products`)).json();
    expect(still.items).toEqual([expect.objectContaining({ id: theirs.id, price: 250_000, stock: 10 })]);
    expect((await t.as(herbalist.seller, 'GET', '/api/shops/mine')).json().items.map((s: { id: string }) => s.id)).toEqual([herbalist.shopId]);
  });

  it('refuses prices of 0, negative or fractional đồng, negative stock and a 1 MB name, in both languages', async () => {
    const base = { name: 'Cao xương', unit: 'hộp', price: 120_000, stock: 5 };
    for (const [change, field] of [
      [{ price: 0 }, 'price'],
      [{ price: -5_000 }, 'price'],
      [{ price: 1_500.5 }, 'price'],
      [{ stock: -1 }, 'stock'],
      [{ name: 'x'.repeat(1_000_000) }, 'name'],
      [{ unit: 'tấn' }, 'unit'],
    ] as const) {
      const res = await t.as(herbalist.seller, 'POST', `/api/shops/${herbalist.shopId}/products`, { ...base, ...change });
      expect(res.statusCode, JSON.stringify(change).slice(0, 40)).toBe(400);
      const { error } = res.json();
      expect(error.field ?? error.issues?.[0]?.field).toBe(field);
      expect(error.message.vi).not.toBe(error.message.en);
    }
    const products = (await t.as(herbalist.seller, 'GET', `/api/shops/${herbalist.shopId}/products`)).json().items;
    expect(products).toHaveLength(1);
  });

  it('shows the public page with the next days of the markets the shop goes to, and hides a suspended shop', async () => {
    const market = await t.as(officerNhatHoa, 'POST', '/api/markets', {
      name: 'Chợ phiên Nhất Hòa',
      communeCode: '06376',
      schedule: { rule: { kind: 'lunar_day_digits', digits: [1, 6] } },
      shopIds: [herbalist.shopId],
    });
    expect(market.statusCode).toBe(201);
    expect(market.json().schedule.vi).toBe('Phiên ngày 1, 6 âm lịch');
    const page = (await t.app.inject({ method: 'GET', url: `/api/shop-pages/${herbalist.slug}` })).json();
    expect(page.products.map((p: { name: string }) => p.name)).toEqual(['Lá tắm người Dao']);
    expect(page.markets).toHaveLength(1);
    const days = page.markets[0].nextDays;
    expect(days).toHaveLength(6);
    for (const day of days) expect(day.lunarDay % 5).toBe(1);
    // The shop's products have no photos: the store is never read.
    const store = folderMediaStore(path.join(tmpdir(), 'banso-no-photos'));
    const head = await shopPageHead(t.handle.db, store, `/cua-hang/${herbalist.slug}`);
    expect(head).toMatchObject({ title: 'Thuốc nam Lăng Đồng · Lăng Đồng, Nhất Hòa', path: `/cua-hang/${herbalist.slug}` });
    expect(head?.description).toContain('Lá tắm người Dao');
    expect(head?.description).toContain('Chợ phiên Nhất Hòa');
    expect(head?.image).toMatchObject({ path: expect.stringMatching(new RegExp(`^/media/cards/shop/${herbalist.slug}\\.png\\?v=`)), width: 1200, height: 630 });
    expect(await shopPageHead(t.handle.db, store, '/cua-hang/khong-co')).toBeNull();
    expect(page).not.toHaveProperty('bank.accountNumber');

    expect((await t.as(officerKienMoc, 'PUT', `/api/shops/${herbalist.shopId}/status`, { status: 'suspended' })).statusCode).toBe(403);
    expect((await t.as(officerNhatHoa, 'PUT', `/api/shops/${herbalist.shopId}/status`, { status: 'suspended' })).json().status).toBe('suspended');
    expect((await t.app.inject({ method: 'GET', url: `/api/shop-pages/${herbalist.slug}` })).statusCode).toBe(404);
    await t.as(officerNhatHoa, 'PUT', `/api/shops/${herbalist.shopId}/status`, { status: 'active' });
  });

  it('keeps the public page in memory between changes: a new price shows at the next read, a change from outside the app within a second', async () => {
    const read = async () => (await t.app.inject({ method: 'GET', url: `/api/shop-pages/${herbalist.slug}` })).json();
    const [product] = (await read()).products;
    const changed = await t.as(herbalist.seller, 'PATCH', `/api/shops/${herbalist.shopId}/products/${product.id}`, { price: product.price + 1_000 });
    expect(changed.statusCode).toBe(200);
    expect((await read()).products[0].price).toBe(product.price + 1_000);
    // Another instance's or the command line's write: this process is not told, the page lasts a second at most.
    await t.handle.db.updateTable('product').set({ price: product.price }).where('id', '=', product.id).execute();
    let seen = (await read()).products[0].price;
    for (let tries = 0; seen !== product.price && tries < 40; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = (await read()).products[0].price;
    }
    expect(seen).toBe(product.price);
  });

  it('audits every change and every refusal', async () => {
    const rows = await t.handle.db.selectFrom('audit_entry').select(['action', 'outcome']).where('entity', 'in', ['shop', 'product', 'market']).execute();
    const actions = rows.map((r) => `${r.action}:${r.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'shop:create:ok',
        'product:create:ok',
        'shop:suspend:ok',
        'shop:resume:ok',
        'market:create:ok',
        'shop:sell:denied',
        'shop:manage:denied',
      ]),
    );
  });
});
