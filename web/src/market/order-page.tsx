import { useEffect } from 'preact/hooks';
import type { OrderPage as Order } from '../../../src/orders/schemas.ts';
import { formatDate, formatDateTime } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { formatMoney, marketEn, marketVi } from './market.i18n.ts';
import './market.css';

addMessages(marketVi, marketEn);

/** How often the page asks whether the transfer has arrived, while one is awaited. */
const POLL_MS = 4_000;

/** The buyer's order at its secret link: status, lines and, until the money arrives, the VietQR to scan. */
export function OrderPage({ token }: { token: string }) {
  const { t, text } = useI18n();
  const order = useApi<Order>(`/api/order-pages/${token}`);
  const waiting = order.data?.status === 'awaiting_payment';
  useTitle(order.data ? t('market.order_title', { code: order.data.code }) : undefined);
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(order.reload, POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, order.reload]);
  if (!order.data) return order.error ? <ErrorNotice error={order.error} onRetry={order.reload} /> : <Loading />;
  const data = order.data;
  return (
    <article class="order" aria-labelledby="order-title">
      <h1 id="order-title">{t('market.order_title', { code: data.code })}</h1>
      <p>
        <Link href={paths.shop(data.shop.slug)}>{data.shop.name}</Link>
      </p>
      <p class="order-status" role="status" aria-live="polite">
        {t('market.order_status')}: <strong data-status={data.status}>{text(data.statusName)}</strong>
      </p>
      <ul>
        {data.lines.map((line) => (
          <li key={line.productId}>
            {line.quantity} {line.unit} {line.name}: {formatMoney(line.price * line.quantity)}
          </li>
        ))}
      </ul>
      <p>
        {t('market.order_total')}: <strong>{formatMoney(data.total)}</strong>
      </p>
      {data.delivery.kind === 'market_day' && data.delivery.date && (
        <p>{t('market.delivery.market_day', { market: data.delivery.marketName ?? '', date: formatDate(data.delivery.date) })}</p>
      )}
      {data.delivery.kind === 'shop' && <p>{t('market.delivery.shop')}</p>}
      {data.delivery.kind === 'courier' && <p>{t('market.delivery.courier')}</p>}
      {data.transfer && (
        <section class="pay" aria-labelledby="pay-title">
          <h2 id="pay-title">{t('market.pay_title')}</h2>
          {/* The server draws the QR from the payload it built: its own SVG, no markup from the buyer. */}
          <div class="qr" role="img" aria-label={t('market.pay_title')} dangerouslySetInnerHTML={{ __html: data.transfer.svg }} />
          <p>{t('market.pay_help', { code: data.code })}</p>
          <p>{t('market.pay_amount', { amount: formatMoney(data.transfer.amount) })}</p>
          <p>{t('market.pay_content', { code: data.transfer.content })}</p>
          <p>{t('market.pay_account', { account: data.transfer.accountNumber, holder: data.transfer.holderName })}</p>
          {data.reservedUntil && <p class="muted">{t('market.reserved_until', { time: formatDateTime(data.reservedUntil) })}</p>}
        </section>
      )}
      <p class="muted">{t('market.keep_link')}</p>
    </article>
  );
}
