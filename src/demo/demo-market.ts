import type { Db } from '../platform/database.ts';
import { newId } from '../platform/ids.ts';
import { createRandom } from '../platform/seeded-random.ts';
import { insertAccountsWithoutPassword } from '../accounts/index.ts';
import { findUnits } from '../territory/index.ts';
import { insertMarketsInBulk, insertProductsInBulk, insertShopsInBulk, shopSlugOf } from '../market/index.ts';
import { insertOrdersInBulk, type OrderInBulk, type OrderLineInBulk, type OrderPaymentInBulk } from '../orders/index.ts';
import { insertMatchedTransfersInBulk, insertSepayFeedsInBulk, reconcile, type MatchedTransferInBulk } from '../payments/index.ts';
import type { DemoVillage } from './demo-villages.rules.ts';
import type { TeamTraits } from './demo-teams.rules.ts';
import { planDemoMarket, type DemoOrder, type MarketTraits } from './demo-market.rules.ts';

const CHUNK = 5_000;
/** A shop opens in the morning, Vietnam time. */
const opening = (day: string) => `${day}T08:00:00+07:00`;

/**
 * The market's two years through the owners' bulk writers: each shop's seller account (no
 * password), the shops with their products and SePay feeds, a market per commune, then the
 * orders with their lines, the transfers that paid them and the payments credited. Returns the
 * numbers of shops and orders written.
 */
export async function writeMarket(
  tx: Db,
  input: { villages: readonly DemoVillage[]; provinceCode: string; traits: MarketTraits; teamTraits: TeamTraits; seed: number; today: string },
  progress: (step: string, done: number, total: number) => void,
): Promise<{ shops: number; orders: number }> {
  const { villages, provinceCode: p } = input;
  // One step from the plan to the last order, so its time is the market's whole share of the demo.
  progress('market', 0, 1);
  const communeCodes = [...new Set(villages.map((v) => v.communeCode))];
  const communes = await findUnits(tx, communeCodes);
  const plan = planDemoMarket({
    villages,
    communeNames: new Map(communes.map((c) => [c.code, c.name])),
    traits: input.traits,
    teamTraits: input.teamTraits,
    random: createRandom(input.seed, 'market'),
    today: input.today,
  });
  const villageOf = new Map(villages.map((v) => [v.code, v]));
  const communeOf = new Map(communes.map((c) => [c.code, c]));

  const shopIds = plan.shops.map(() => newId());
  const sellerIds = plan.shops.map(() => newId());
  const productIds = plan.shops.map((s) => s.products.map(() => newId()));
  await insertAccountsWithoutPassword(
    tx,
    plan.shops.map((s, i) => ({
      id: sellerIds[i]!,
      username: s.seller.username,
      displayName: s.seller.displayName,
      role: 'seller' as const,
      orgUnitCode: s.villageCode,
      scopePath: villageOf.get(s.villageCode)!.path,
      provinceCode: p,
      createdAt: opening(s.openedOn),
    })),
  );
  const slugs = new Set<string>();
  await insertShopsInBulk(
    tx,
    plan.shops.map((s, i) => {
      let slug = shopSlugOf(s.name);
      for (let n = 2; slugs.has(slug); n++) slug = `${shopSlugOf(s.name)}-${n}`;
      slugs.add(slug);
      return {
        id: shopIds[i]!,
        slug,
        name: s.name,
        village_code: s.villageCode,
        province_code: p,
        description: s.description,
        ocop_stars: s.ocopStars,
        pickup_places: s.pickupPlaces,
        bank_bin: s.bank.bin,
        bank_account: s.bank.account,
        bank_holder: s.bank.holder,
        status: 'active' as const,
        is_demo: s.isDemo,
        created_at: opening(s.openedOn),
        sellers: [sellerIds[i]!],
      };
    }),
  );
  await insertProductsInBulk(
    tx,
    plan.shops.flatMap((s, i) =>
      s.products.map((product, k) => ({
        id: productIds[i]![k]!,
        shop_id: shopIds[i]!,
        name: product.name,
        unit: product.unit,
        price: product.price,
        stock: product.stock,
        created_at: opening(s.openedOn),
      })),
    ),
  );
  const marketIds = plan.markets.map(() => newId());
  const marketOfShop = new Map<number, string>();
  await insertMarketsInBulk(
    tx,
    plan.markets.map((m, i) => {
      for (const s of m.shops) marketOfShop.set(s, marketIds[i]!);
      return {
        id: marketIds[i]!,
        name: m.name,
        commune_code: m.communeCode,
        village_code: null,
        province_code: communeOf.get(m.communeCode)?.province_code ?? p,
        schedule: m.schedule,
        shopIds: m.shops.map((s) => shopIds[s]!),
      };
    }),
  );
  const feedIds = plan.shops.map(() => newId());
  await insertSepayFeedsInBulk(
    tx,
    plan.shops.map((s, i) => ({
      id: feedIds[i]!,
      payee_kind: 'shop',
      payee_id: shopIds[i]!,
      province_code: p,
      account_number: s.bank.account,
      created_by: sellerIds[i]!,
      created_at: opening(s.openedOn),
    })),
  );

  let transactionId = 0;
  for (let start = 0; start < plan.orders.length; start += CHUNK) {
    const orders: OrderInBulk[] = [];
    const lines: OrderLineInBulk[] = [];
    const payments: OrderPaymentInBulk[] = [];
    const transfers: MatchedTransferInBulk[] = [];
    for (const o of plan.orders.slice(start, start + CHUNK)) {
      const id = newId();
      const shop = plan.shops[o.shop]!;
      const credited = o.transfers.map((t) => ({ ...t, id: newId(), providerTransactionId: String(++transactionId) }));
      const state = reconcile(
        o.total,
        credited.map((t) => ({ provider: 'sepay' as const, providerTransactionId: t.providerTransactionId, direction: 'in' as const, amount: t.amount })),
      );
      orders.push({
        id,
        code: o.code,
        shop_id: shopIds[o.shop]!,
        province_code: p,
        village_code: o.villageCode,
        buyer_name: o.buyerName,
        buyer_phone: o.buyerPhone,
        delivery: o.delivery,
        market_id: o.delivery === 'market_day' ? marketOfShop.get(o.shop)! : null,
        market_date: o.marketDate,
        payment_method: o.paymentMethod,
        total: o.total,
        status: o.status,
        payment_status: state.status,
        paid_amount: state.paid,
        excess_amount: state.excess,
        is_demo: shop.isDemo,
        placed_at: o.placedAt,
        updated_at: lastChange(o),
      });
      for (const line of o.lines) {
        const product = shop.products[line.product]!;
        lines.push({
          order_id: id,
          product_id: productIds[o.shop]![line.product]!,
          name: product.name,
          unit: product.unit,
          price: product.price,
          quantity: line.quantity,
        });
      }
      for (const t of credited) {
        transfers.push({
          id: t.id,
          feed_id: feedIds[o.shop]!,
          account_number: shop.bank.account,
          provider_transaction_id: t.providerTransactionId,
          payee_kind: 'shop',
          payee_id: shopIds[o.shop]!,
          province_code: p,
          amount: t.amount,
          content: t.content,
          bank_reference: `FT${t.occurredAt.slice(2, 10).replaceAll('-', '')}${t.providerTransactionId.padStart(7, '0')}`,
          occurred_at: t.occurredAt,
          received_at: t.occurredAt,
          matched_reference: o.code,
        });
        // As the shop's settlement credits it: `<provider>:<transfer id>` (settle-shop-transfer).
        payments.push({ transfer_id: `sepay:${t.id}`, order_id: id, amount: t.amount, received_at: t.occurredAt, recorded_at: t.occurredAt });
      }
    }
    await insertMatchedTransfersInBulk(tx, transfers);
    await insertOrdersInBulk(tx, { orders, lines, payments });
    progress('market', Math.min(plan.orders.length, start + CHUNK), plan.orders.length);
  }
  return { shops: plan.shops.length, orders: plan.orders.length };
}

/** When the order last changed: its last transfer, else its placing (the plan does not date hand-overs). */
const lastChange = (o: DemoOrder) => o.transfers.at(-1)?.occurredAt ?? o.placedAt;
