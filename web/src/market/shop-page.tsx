import { useState } from 'preact/hooks';
import type { PublicShop } from '../../../src/market/schemas.ts';
import type { OrgUnitSummary } from '../territory/territory.api.ts';
import { api, withQuery } from '../platform/api.ts';
import { formatDate } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { navigate, paths } from '../platform/router.tsx';
import { ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { useDebounced } from '../platform/use-debounced.ts';
import { useSave } from '../platform/use-save.ts';
import { formatMoney, marketEn, marketVi } from './market.i18n.ts';
import { ProductPicture } from './product-picture.tsx';
import './market.css';

addMessages(marketVi, marketEn);

/** A producer's shop as a buyer sees it on a phone: products, next market days, and the order form. */
export function ShopPage({ slug }: { slug: string }) {
  const { t, text } = useI18n();
  const shop = useApi<PublicShop>(`/api/shop-pages/${slug}`);
  useTitle(shop.data?.name);
  if (shop.error) return <ErrorNotice error={shop.error} onRetry={shop.reload} />;
  if (!shop.data) return <Loading />;
  const data = shop.data;
  return (
    <article class="shop" aria-labelledby="shop-title">
      <h1 id="shop-title">{data.name}</h1>
      <p class="lead">
        {data.villageName}, {data.communeName}
        {data.ocopStars !== null && <span class="badge">{t('market.ocop', { stars: data.ocopStars })}</span>}
      </p>
      {data.description && <p>{data.description}</p>}
      {data.markets.length > 0 && (
        <section aria-labelledby="shop-markets">
          <h2 id="shop-markets">{t('market.next_markets')}</h2>
          <ul class="market-days">
            {data.markets.map((market) => (
              <li key={market.id}>
                <strong>{market.name}</strong> ({text(market.schedule)}):{' '}
                {market.nextDays
                  .slice(0, 3)
                  .map((d) => formatDate(d.date))
                  .join(', ')}
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.pickupPlaces.length > 0 && (
        <p>
          {t('market.pickup')}: {data.pickupPlaces.join('; ')}
        </p>
      )}
      <OrderForm shop={data} />
    </article>
  );
}

type Delivery = { kind: 'shop' } | { kind: 'courier' } | { kind: 'market_day'; marketId: string; date: string };

function OrderForm({ shop }: { shop: PublicShop }) {
  const { t } = useI18n();
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [buyerName, setBuyerName] = useState('');
  const [phone, setPhone] = useState('');
  const [village, setVillage] = useState<OrgUnitSummary | null>(null);
  const [villageSearch, setVillageSearch] = useState('');
  const [delivery, setDelivery] = useState<string>('shop');
  const [paymentMethod, setPaymentMethod] = useState<'transfer' | 'cash'>(shop.bank ? 'transfer' : 'cash');
  const search = useDebounced(villageSearch.trim(), 300);
  const villages = useApi<{ items: OrgUnitSummary[] }>(search.length >= 2 && !village ? withQuery('/api/org-units', { search, level: 3, limit: 8 }) : null);
  const save = useSave(() => undefined);

  const deliveries: { key: string; label: string; value: Delivery }[] = [
    ...shop.markets.flatMap((m) =>
      m.nextDays.slice(0, 3).map((d) => ({
        key: `${m.id}/${d.date}`,
        label: t('market.delivery.market_day', { market: m.name, date: formatDate(d.date) }),
        value: { kind: 'market_day' as const, marketId: m.id, date: d.date },
      })),
    ),
    { key: 'shop', label: t('market.delivery.shop'), value: { kind: 'shop' } },
    { key: 'courier', label: t('market.delivery.courier'), value: { kind: 'courier' } },
  ];
  const lines = shop.products.filter((p) => (quantities[p.id] ?? 0) > 0).map((p) => ({ productId: p.id, quantity: quantities[p.id]! }));
  const total = shop.products.reduce((sum, p) => sum + p.price * (quantities[p.id] ?? 0), 0);

  const submit = (event: Event) => {
    event.preventDefault();
    void save.run(async () => {
      const chosen = deliveries.find((d) => d.key === delivery)?.value ?? { kind: 'shop' };
      const placed = await api.post<{ token: string }>('/api/orders', {
        shopId: shop.id,
        buyerName,
        phone,
        villageCode: village?.code ?? '',
        lines,
        delivery: chosen,
        paymentMethod,
      });
      navigate(paths.order(placed.token));
      return '';
    });
  };

  return (
    <form class="order-form" onSubmit={submit} aria-labelledby="order-title">
      <h2 id="order-title">{t('market.order')}</h2>
      <ul class="products">
        {shop.products.map((product) => (
          <li key={product.id} class="product">
            {product.photos[0] && <ProductPicture photo={product.photos[0]} alt={t('market.photo_of', { name: product.name })} />}
            <label for={`q-${product.id}`}>
              <strong>{product.name}</strong>
              <span>{t('market.price_per', { price: formatMoney(product.price), unit: product.unit })}</span>
              <span class="muted">{product.stock > 0 ? t('market.in_stock', { stock: product.stock }) : t('market.sold_out')}</span>
            </label>
            <input
              id={`q-${product.id}`}
              type="number"
              inputMode="numeric"
              min={0}
              max={product.stock}
              value={quantities[product.id] ?? 0}
              disabled={product.stock === 0}
              aria-label={t('market.quantity', { name: product.name })}
              onInput={(e) => setQuantities({ ...quantities, [product.id]: Math.max(0, Math.floor(Number(e.currentTarget.value) || 0)) })}
            />
          </li>
        ))}
      </ul>
      <p class="cart-total">{lines.length > 0 ? t('market.cart_total', { total: formatMoney(total) }) : t('market.cart_empty')}</p>
      <div class="field">
        <label for="buyer-name">{t('market.buyer_name')}</label>
        <input id="buyer-name" autoComplete="name" value={buyerName} onInput={(e) => setBuyerName(e.currentTarget.value)} required />
      </div>
      <div class="field">
        <label for="buyer-phone">{t('market.phone')}</label>
        <input id="buyer-phone" type="tel" autoComplete="tel" inputMode="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} required />
      </div>
      <div class="field">
        <label for="buyer-village">{t('market.village')}</label>
        <input
          id="buyer-village"
          value={village ? village.name : villageSearch}
          placeholder={t('market.village_placeholder')}
          onInput={(e) => {
            setVillage(null);
            setVillageSearch(e.currentTarget.value);
          }}
          autoComplete="off"
        />
        {village && <p class="muted">{t('market.village_chosen', { name: village.fullName })}</p>}
        {!village && villages.data && (
          <ul class="village-choices">
            {villages.data.items.map((unit) => (
              <li key={unit.code}>
                <button type="button" class="button button-secondary" onClick={() => setVillage(unit)}>
                  {unit.fullName}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <fieldset>
        <legend>{t('market.delivery')}</legend>
        {deliveries.map((d) => (
          <label key={d.key} class="choice">
            <input type="radio" name="delivery" value={d.key} checked={delivery === d.key} onChange={() => setDelivery(d.key)} /> {d.label}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('market.payment')}</legend>
        {shop.bank && (
          <label class="choice">
            <input type="radio" name="payment" checked={paymentMethod === 'transfer'} onChange={() => setPaymentMethod('transfer')} />{' '}
            {t('market.payment.transfer')}
          </label>
        )}
        <label class="choice">
          <input type="radio" name="payment" checked={paymentMethod === 'cash'} onChange={() => setPaymentMethod('cash')} /> {t('market.payment.cash')}
        </label>
      </fieldset>
      {save.error && <ErrorNotice error={save.error} />}
      <button type="submit" class="button" disabled={save.busy || lines.length === 0}>
        {save.busy ? t('market.placing') : t('market.place')}
      </button>
    </form>
  );
}
