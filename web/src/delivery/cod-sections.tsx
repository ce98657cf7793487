import { useState } from 'preact/hooks';
import type { RemittanceView } from '../../../src/delivery/cod-remittance.schema.ts';
import { api, withQuery } from '../platform/api.ts';
import { formatNumber } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Empty, ErrorNotice } from '../platform/status.tsx';
import { TableBox } from '../platform/table-box.tsx';
import { useApi } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';
import { cashEn, cashVi } from './cash.i18n.ts';

addMessages(cashVi, cashEn);

const money = (amount: number) => `${formatNumber(amount)} ₫`;
const monthText = (month: string) => `${month.slice(5)}/${month.slice(0, 4)}`;

/** The COD lines as a table: by month, with the carrier or the shop named. */
function RemittanceTable({ id, lines, by }: { id: string; lines: RemittanceView[]; by: 'carrier' | 'shop' }) {
  const { t } = useI18n();
  return (
    <TableBox id={id} title={t('cod.title')} busy={false} tableClass="cod-table">
      <thead>
        <tr>
          <th scope="col">{t('cod.month')}</th>
          <th scope="col">{by === 'carrier' ? t('cod.carrier') : t('cod.shop')}</th>
          <th scope="col">{t('cod.collected')}</th>
          <th scope="col">{t('cod.remitted')}</th>
          <th scope="col">{t('cod.owed')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={`${l.month}-${l.carrier.id}-${l.shop.id}`}>
            <td>{monthText(l.month)}</td>
            <th scope="row">{by === 'carrier' ? l.carrier.name : l.shop.name}</th>
            <td class="num">{money(l.collected)}</td>
            <td class="num">{money(l.remitted)}</td>
            <td class="num">{money(l.owed)}</td>
          </tr>
        ))}
      </tbody>
    </TableBox>
  );
}

/** On the seller's page: what each carrier collected on her behalf, remitted, still owes. */
export function SellerCod({ shopId }: { shopId: string }) {
  const { t } = useI18n();
  const lines = useApi<{ items: RemittanceView[] }>(`/api/delivery/remittances/shops/${shopId}`);
  return (
    <section aria-labelledby={`cod-${shopId}`}>
      <h3 id={`cod-${shopId}`}>{t('cod.title')}</h3>
      <p class="hint">{t('cod.lead')}</p>
      {lines.error && <ErrorNotice error={lines.error} onRetry={lines.reload} />}
      {lines.data?.items.length === 0 && <Empty>{t('cod.none')}</Empty>}
      {lines.data && lines.data.items.length > 0 && <RemittanceTable id={`cod-table-${shopId}`} lines={lines.data.items} by="carrier" />}
    </section>
  );
}

/** On the dispatcher's page: the carrier's debts to sellers for a month, and a remittance recorded against one. */
export function CarrierCod({ carrier, day }: { carrier: string; day: string }) {
  const { t } = useI18n();
  const month = day.slice(0, 7);
  const lines = useApi<{ items: RemittanceView[] }>(withQuery('/api/delivery/remittances', { carrier, month }));
  const owed = lines.data?.items.filter((l) => l.owed > 0) ?? [];
  const [shop, setShop] = useState('');
  const [amount, setAmount] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const save = useSave((message) => {
    setDone(message);
    setAmount('');
    lines.reload();
  });
  const chosen = shop || owed[0]?.shop.id || '';
  return (
    <section aria-labelledby="cod-carrier">
      <h2 id="cod-carrier">{t('cod.carrier_title', { month: monthText(month) })}</h2>
      {lines.error && <ErrorNotice error={lines.error} onRetry={lines.reload} />}
      {lines.data?.items.length === 0 && <Empty>{t('cod.none')}</Empty>}
      {lines.data && lines.data.items.length > 0 && <RemittanceTable id="cod-carrier-table" lines={lines.data.items} by="shop" />}
      {owed.length > 0 && (
        <form
          class="cash-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save.run(async () => {
              await api.post('/api/delivery/remittances', { carrier, shop: chosen, month, amount: Number(amount) });
              return t('cod.remitted_ok');
            });
          }}
        >
          <div class="field">
            <label for="cod-shop">{t('cod.shop')}</label>
            <select id="cod-shop" value={chosen} onChange={(event) => setShop(event.currentTarget.value)}>
              {owed.map((l) => (
                <option key={l.shop.id} value={l.shop.id}>
                  {t('cod.shop_owed', { name: l.shop.name, owed: money(l.owed) })}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="cod-amount">{t('cod.amount')}</label>
            <input
              id="cod-amount"
              type="number"
              inputMode="numeric"
              min={1}
              required
              value={amount}
              onInput={(event) => setAmount(event.currentTarget.value)}
            />
          </div>
          <button type="submit" class="button" disabled={save.busy}>
            {t('cod.record')}
          </button>
          {save.error && <ErrorNotice error={save.error} />}
        </form>
      )}
      {done && (
        <p role="status" class="notice notice-success">
          {done}
        </p>
      )}
    </section>
  );
}
