import { useRef, useState } from 'preact/hooks';
import type { RemittanceView } from '../../../src/delivery/cod-remittance.schema.ts';
import { api, withQuery } from '../platform/api.ts';
import { focusFirstProblem } from '../platform/focus-first-problem.ts';
import { formatMoney } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Empty, ErrorNotice, Loading } from '../platform/status.tsx';
import { TableBox } from '../platform/table-box.tsx';
import { useApi } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';
import { cashEn, cashVi } from './cash.i18n.ts';
import { checkMoney, LabelledField, MoneyField } from './money-field.tsx';

addMessages(cashVi, cashEn);

const monthText = (month: string) => `${month.slice(5)}/${month.slice(0, 4)}`;

/** The COD lines as a table: a seller's by month and carrier; a carrier's month by shop. */
function RemittanceTable({ id, title, lines, by }: { id: string; title: string; lines: RemittanceView[]; by: 'carrier' | 'shop' }) {
  const { t } = useI18n();
  return (
    <TableBox id={id} title={title} busy={false} tableClass="cod-table">
      <thead>
        <tr>
          {by === 'carrier' && <th scope="col">{t('cod.month')}</th>}
          <th scope="col">{by === 'carrier' ? t('cod.carrier') : t('cod.shop')}</th>
          <th scope="col" class="num">
            {t('cod.collected')}
          </th>
          <th scope="col" class="num">
            {t('cod.remitted')}
          </th>
          <th scope="col" class="num">
            {t('cod.owed')}
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={`${l.month}-${l.carrier.id}-${l.shop.id}`} data-shop={l.shop.id}>
            {by === 'carrier' && <td>{monthText(l.month)}</td>}
            <th scope="row">{by === 'carrier' ? l.carrier.name : l.shop.name}</th>
            <td class="num">{formatMoney(l.collected)}</td>
            <td class="num">{formatMoney(l.remitted)}</td>
            <td class="num">{formatMoney(l.owed)}</td>
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
      <p class="muted">{t('cod.lead')}</p>
      {lines.error && <ErrorNotice error={lines.error} onRetry={lines.reload} />}
      {lines.data?.items.length === 0 && <Empty>{t('cod.none')}</Empty>}
      {lines.data && lines.data.items.length > 0 && <RemittanceTable id={`cod-table-${shopId}`} title={t('cod.title')} lines={lines.data.items} by="carrier" />}
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
  const [reference, setReference] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const doneLine = useRef<HTMLParagraphElement>(null);
  const save = useSave((message) => {
    setDone(message);
    setAmount('');
    setReference('');
    lines.reload();
    setTimeout(() => doneLine.current?.focus());
  });
  const chosen = owed.find((l) => l.shop.id === shop) ?? owed[0];
  const formError = save.formError(['shop', 'amount', 'reference']);
  return (
    <section aria-labelledby="cod-carrier" class="cod-carrier">
      <h2 id="cod-carrier">{t('cod.carrier_title', { month: monthText(month) })}</h2>
      <p class="muted">{t('cod.carrier_lead')}</p>
      {lines.error && <ErrorNotice error={lines.error} onRetry={lines.reload} />}
      {!lines.data && !lines.error && <Loading />}
      {lines.data?.items.length === 0 && <Empty>{t('cod.none')}</Empty>}
      {lines.data && lines.data.items.length > 0 && (
        <RemittanceTable id="cod-carrier-table" title={t('cod.table_carrier', { month: monthText(month) })} lines={lines.data.items} by="shop" />
      )}
      {done && (
        <p role="status" class="notice notice-success form-done" tabIndex={-1} ref={doneLine}>
          {done}
        </p>
      )}
      {lines.data && lines.data.items.length > 0 && !chosen && <p>{t('cod.all_paid')}</p>}
      {chosen && (
        <form
          ref={form}
          class="money-form"
          noValidate
          aria-labelledby="cod-form-title"
          onSubmit={(event) => {
            event.preventDefault();
            setDone(null);
            const typed = checkMoney(amount, 1);
            if ('problem' in typed) {
              save.setProblems({ amount: typed.problem });
              focusFirstProblem(form.current);
              return;
            }
            void save
              .run(async () => {
                const line = await api.post<RemittanceView>('/api/delivery/remittances', {
                  carrier,
                  shop: chosen.shop.id,
                  month,
                  amount: typed.dong,
                  ...(reference.trim() ? { reference: reference.trim() } : {}),
                });
                return t('cod.remitted_ok', { amount: formatMoney(typed.dong), shop: line.shop.name, month: monthText(month), owed: formatMoney(line.owed) });
              })
              .then(() => focusFirstProblem(form.current));
          }}
        >
          <h3 id="cod-form-title">{t('cod.form_title')}</h3>
          <LabelledField id="cod-shop" label={t('cod.shop')} problem={save.problemOf('shop')}>
            {(control) => (
              <select {...control} value={chosen.shop.id} onChange={(event) => setShop(event.currentTarget.value)}>
                {owed.map((l) => (
                  <option key={l.shop.id} value={l.shop.id}>
                    {l.shop.name}
                  </option>
                ))}
              </select>
            )}
          </LabelledField>
          <MoneyField
            id="cod-amount"
            label={t('cod.amount')}
            hint={t('cod.amount_hint', { owed: formatMoney(chosen.owed) })}
            problem={save.problemOf('amount')}
            value={amount}
            onValue={setAmount}
          />
          <LabelledField id="cod-reference" label={t('cod.reference')} problem={save.problemOf('reference')}>
            {(control) => <input {...control} type="text" maxLength={120} value={reference} onInput={(event) => setReference(event.currentTarget.value)} />}
          </LabelledField>
          {formError && <ErrorNotice error={formError} />}
          <button type="submit" class="button button-primary" disabled={save.busy}>
            {t('cod.record')}
          </button>
        </form>
      )}
    </section>
  );
}
