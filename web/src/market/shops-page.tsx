import type { Shop } from '../../../src/market/schemas.ts';
import { may, useSession } from '../accounts/session.ts';
import { api } from '../platform/api.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';
import { marketEn, marketVi } from './market.i18n.ts';
import './market.css';

addMessages(marketVi, marketEn);

/** The shops of an officer's commune (or province), to suspend or open again. */
export function ShopsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  useTitle(t('market.shops_title'));
  const unit = me?.roles.find((grant) => may(me, 'shop:manage', grant.orgUnitCode))?.orgUnitCode ?? null;
  const shops = useApi<{ items: Shop[] }>(unit ? `/api/shops?orgUnit=${unit}` : null);
  const save = useSave(() => shops.reload());
  const setStatus = (shop: Shop, status: Shop['status']) =>
    save.run(async () => {
      await api.put(`/api/shops/${shop.id}/status`, { status });
      return '';
    });
  return (
    <section aria-labelledby="shops-title">
      <h1 id="shops-title">{t('market.shops_title')}</h1>
      {(me === null || (me && !unit)) && <p class="notice notice-info">{t('market.shops_login')}</p>}
      {shops.error && <ErrorNotice error={shops.error} onRetry={shops.reload} />}
      {save.error && <ErrorNotice error={save.error} />}
      {unit && !shops.data && !shops.error && <Loading />}
      {shops.data?.items.length === 0 && <Empty>{t('market.shops_none')}</Empty>}
      {shops.data && shops.data.items.length > 0 && (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('market.shop_name')}</th>
                <th scope="col">{t('market.shop_place')}</th>
                <th scope="col">{t('market.shop_status')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {shops.data.items.map((shop) => (
                <tr key={shop.id}>
                  <td>
                    <Link href={paths.shop(shop.slug)}>{shop.name}</Link>
                  </td>
                  <td>
                    {shop.villageName}, {shop.communeName}
                  </td>
                  <td>{t(`market.status.${shop.status}`)}</td>
                  <td>
                    <button
                      type="button"
                      class="button button-secondary"
                      disabled={save.busy}
                      onClick={() => void setStatus(shop, shop.status === 'active' ? 'suspended' : 'active')}
                    >
                      {shop.status === 'active' ? t('market.suspend') : t('market.resume')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
