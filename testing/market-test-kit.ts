import type { TestApp, TestSession } from './test-app.ts';

export interface ShopFixture {
  shopId: string;
  slug: string;
  seller: TestSession;
  products: { id: string; name: string; price: number; stock: number }[];
}

/** The account id behind a session. */
export async function accountIdOf(t: TestApp, session: TestSession): Promise<string> {
  return (await t.as(session, 'GET', '/api/auth/me')).json().account.id;
}

/**
 * A shop opened by `officer` in `villageCode`, run by a new seller account, with the products given
 * (added by the seller through the API, as in real life). Bank account: Agribank, a test number.
 */
export async function openShop(
  t: TestApp,
  officer: TestSession,
  options: { villageCode: string; name: string; sellerUsername: string; products: { name: string; unit: string; price: number; stock: number }[] },
): Promise<ShopFixture> {
  const seller = await t.signIn({
    username: options.sellerUsername,
    displayName: `Người bán ${options.name}`,
    role: 'seller',
    orgUnitCode: options.villageCode,
  });
  const sellerId = await accountIdOf(t, seller);
  const res = await t.as(officer, 'POST', '/api/shops', {
    name: options.name,
    villageCode: options.villageCode,
    pickupPlaces: ['Tại nhà'],
    bankAccount: { bankBin: '970405', accountNumber: '1234567890123', holderName: 'NGUYEN THI TAN' },
    sellerAccountIds: [sellerId],
  });
  if (res.statusCode !== 201) throw new Error(`shop not opened: ${res.body}`);
  const shop = res.json();
  const products = [];
  for (const product of options.products) {
    const added = await t.as(seller, 'POST', `/api/shops/${shop.id}/products`, product);
    if (added.statusCode !== 201) throw new Error(`product not added: ${added.body}`);
    products.push(added.json());
  }
  return { shopId: shop.id, slug: shop.slug, seller, products };
}

/** The report's herbalist of Lăng Đồng and her neighbour who sells honey, both opened by `officer` in `villageCode`. */
export async function openLangDongShops(t: TestApp, officer: TestSession, villageCode: string): Promise<{ herbalist: ShopFixture; honey: ShopFixture }> {
  const herbalist = await openShop(t, officer, {
    villageCode,
    name: 'Thuốc nam Lăng Đồng',
    sellerUsername: 'ban.langdong',
    products: [
      { name: 'Lá tắm người Dao', unit: 'bó', price: 50_000, stock: 40 },
      { name: 'Cao xương khớp', unit: 'hộp', price: 320_000, stock: 10 },
    ],
  });
  const honey = await openShop(t, officer, {
    villageCode,
    name: 'Mật ong Lăng Đồng',
    sellerUsername: 'ban.matong',
    products: [{ name: 'Mật ong rừng', unit: 'chai', price: 250_000, stock: 10 }],
  });
  return { herbalist, honey };
}
