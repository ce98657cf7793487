import { useState } from 'preact/hooks';
import type { ProductWithPhotos, Shop } from '../../../src/market/schemas.ts';
import type { SellerOrder } from '../../../src/orders/schemas.ts';
import { useSession } from '../accounts/session.ts';
import { api } from '../platform/api.ts';
import { formatDate, todayInVietnam } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';
import { formatMoney, marketEn, marketVi } from './market.i18n.ts';
import { ProductPicture } from './product-picture.tsx';
import { SellerCod } from '../delivery/cod-sections.tsx';
import './market.css';

addMessages(marketVi, marketEn);

interface Preparation {
  date: string | null;
  products: { productId: string; name: string; unit: string; quantity: number }[];
  orders: SellerOrder[];
}

/** What the seller can do next with an order in each state. */
const NEXT_EVENTS: Partial<Record<SellerOrder['status'], readonly ('mark_ready' | 'hand_over' | 'collect' | 'complete')[]>> = {
  placed: ['mark_ready'],
  paid: ['mark_ready'],
  handed_over: ['complete'],
  collected: ['complete'],
};

/** The seller's phone page: what to prepare for the next market day, the orders, the month's income. */
export function SellingPage() {
  const { t } = useI18n();
  const { me } = useSession();
  useTitle(t('market.selling_title'));
  const shops = useApi<{ items: Shop[] }>(me ? '/api/shops/mine' : null);
  return (
    <section aria-labelledby="selling-title">
      <h1 id="selling-title">{t('market.selling_title')}</h1>
      {me === null && (
        <div class="notice notice-info">
          <p>{t('market.selling_login')}</p>
          <Link class="button button-secondary" href={paths.login(paths.selling())}>
            {t('nav.login')}
          </Link>
        </div>
      )}
      {shops.error && <ErrorNotice error={shops.error} onRetry={shops.reload} />}
      {me && !shops.data && !shops.error && <Loading />}
      {shops.data?.items.length === 0 && <Empty>{t('market.no_shop')}</Empty>}
      {shops.data?.items.map((shop) => (
        <ShopDesk key={shop.id} shop={shop} />
      ))}
    </section>
  );
}

function ShopDesk({ shop }: { shop: Shop }) {
  const { t, text } = useI18n();
  const month = todayInVietnam().slice(0, 7);
  const preparation = useApi<Preparation>(`/api/shops/${shop.id}/preparation`);
  const orders = useApi<{ items: SellerOrder[] }>(`/api/shops/${shop.id}/orders`);
  const income = useApi<{ income: number; orders: number; cashless: number }>(`/api/shops/${shop.id}/income?month=${month}`);
  const [done, setDone] = useState<string | null>(null);
  const save = useSave((message) => {
    setDone(message);
    preparation.reload();
    orders.reload();
    income.reload();
  });
  const act = (order: SellerOrder, event: string) =>
    save.run(async () => {
      const answer = await api.post<{ statusName: { vi: string; en: string } }>(`/api/shops/${shop.id}/orders/${order.id}/events`, { event });
      return t('market.event_done', { code: order.code, status: text(answer.statusName) });
    });
  const eventsOf = (order: SellerOrder) =>
    order.status === 'ready' ? [order.delivery.kind === 'courier' ? 'hand_over' : 'collect'] : (NEXT_EVENTS[order.status] ?? []);

  return (
    <article class="shop-desk" aria-labelledby={`desk-${shop.id}`}>
      <h2 id={`desk-${shop.id}`}>
        <Link href={paths.shop(shop.slug)}>{shop.name}</Link>
      </h2>
      <p>
        <Link href={paths.shopMoney(shop.id)}>{t('market.money_link')}</Link>
      </p>
      {done && (
        <p class="notice notice-success" role="status">
          {done}
        </p>
      )}
      {save.error && <ErrorNotice error={save.error} />}
      <section aria-labelledby={`prepare-${shop.id}`}>
        <h3 id={`prepare-${shop.id}`}>{t('market.prepare_title', { date: formatDate(preparation.data?.date) })}</h3>
        {preparation.data && preparation.data.products.length === 0 && <Empty>{t('market.prepare_none')}</Empty>}
        <ul>
          {preparation.data?.products.map((p) => (
            <li key={p.productId}>
              <strong>{p.quantity}</strong> {p.unit} {p.name}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby={`orders-${shop.id}`}>
        <h3 id={`orders-${shop.id}`}>{t('market.orders_title')}</h3>
        {orders.data?.items.length === 0 && <Empty>{t('market.no_orders')}</Empty>}
        <ul class="seller-orders">
          {orders.data?.items.map((order) => (
            <li key={order.id} class="seller-order" data-code={order.code}>
              <p>
                <strong>{order.code}</strong> · {text(order.statusName)} · {formatMoney(order.total)}
              </p>
              <p>
                {order.buyerName}, {order.villageName} · <a href={`tel:${order.buyerPhone.replace(/\s/g, '')}`}>{order.buyerPhone}</a>
              </p>
              <p class="muted">
                {order.lines.map((l) => `${l.quantity} ${l.unit} ${l.name}`).join(', ')}
                {order.delivery.date && ` · ${order.delivery.marketName ?? ''} ${formatDate(order.delivery.date)}`}
              </p>
              {eventsOf(order).map((event) => (
                <button key={event} type="button" class="button button-secondary" disabled={save.busy} onClick={() => void act(order, event)}>
                  {t(`market.event.${event}` as 'market.event.mark_ready')}
                </button>
              ))}
            </li>
          ))}
        </ul>
      </section>
      <ProductPhotos shop={shop} />
      <SellerCod shopId={shop.id} />
      {income.data && (
        <section aria-labelledby={`income-${shop.id}`}>
          <h3 id={`income-${shop.id}`}>{t('market.income_title', { month: `${month.slice(5)}/${month.slice(0, 4)}` })}</h3>
          <p>{t('market.income', { income: formatMoney(income.data.income), orders: income.data.orders, cashless: formatMoney(income.data.cashless) })}</p>
        </section>
      )}
    </article>
  );
}

/**
 * The seller's products with their photos: she takes one with the phone's camera (or picks one);
 * the bytes go to media as they are (the server checks, turns and shrinks them), then onto the product.
 */
function ProductPhotos({ shop }: { shop: Shop }) {
  const { t } = useI18n();
  const products = useApi<{ items: ProductWithPhotos[] }>(`/api/shops/${shop.id}/products`);
  const [done, setDone] = useState<string | null>(null);
  const save = useSave((message) => {
    setDone(message);
    products.reload();
  });
  const productUrl = (product: ProductWithPhotos) => `/api/shops/${shop.id}/products/${product.id}/photos`;
  const add = (product: ProductWithPhotos, input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    void save.run(async () => {
      const photo = await api.upload<{ id: string }>(`/api/media/photos?ownerKind=product&ownerId=${product.id}`, file);
      await api.post(productUrl(product), { photoId: photo.id });
      return t('market.photo_added', { name: product.name });
    });
  };
  const remove = (product: ProductWithPhotos, photoId: string) =>
    void save.run(async () => {
      await api.delete(`${productUrl(product)}/${photoId}`);
      return t('market.photo_removed', { name: product.name });
    });

  return (
    <section aria-labelledby={`products-${shop.id}`}>
      <h3 id={`products-${shop.id}`}>{t('market.products_title')}</h3>
      {done && (
        <p class="notice notice-success" role="status">
          {done}
        </p>
      )}
      {save.error && <ErrorNotice error={save.error} />}
      {products.error && <ErrorNotice error={products.error} onRetry={products.reload} />}
      <ul class="seller-products">
        {products.data?.items.map((product) => (
          <li key={product.id} class="seller-product">
            <strong>{product.name}</strong>
            {product.photos.map((photo) => (
              <span key={photo.id}>
                <ProductPicture photo={photo} alt={t('market.photo_of', { name: product.name })} />
                <button type="button" class="button button-secondary" disabled={save.busy} onClick={() => remove(product, photo.id)}>
                  {t('market.remove_photo')}
                </button>
              </span>
            ))}
            <label class="button add-photo">
              {save.busy ? t('market.sending_photo') : t('market.add_photo')}
              <input
                type="file"
                accept="image/*"
                capture="environment"
                aria-label={t('market.add_photo_of', { name: product.name })}
                disabled={save.busy}
                onChange={(e) => add(product, e.currentTarget)}
              />
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}
