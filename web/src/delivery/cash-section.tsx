import { useState } from 'preact/hooks';
import type { CashDay, CourierCashDay } from '../../../src/delivery/cash.schema.ts';
import { api, withQuery } from '../platform/api.ts';
import { formatNumber } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Empty, ErrorNotice, Loading } from '../platform/status.tsx';
import { TableBox } from '../platform/table-box.tsx';
import { useApi } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';
import { cashEn, cashVi } from './cash.i18n.ts';

addMessages(cashVi, cashEn);

const money = (amount: number) => `${formatNumber(amount)} ₫`;

/** The end of a carrier's day on the dispatcher's page: each courier's cash and transfers, the discrepancies, the count at the hub. */
export function CashSection({ carrier, day }: { carrier: string; day: string }) {
  const { t } = useI18n();
  const cash = useApi<CashDay>(withQuery('/api/delivery/cash', { carrier, day }));
  return (
    <section aria-labelledby="cash-title" class="cash-day">
      <h2 id="cash-title">{t('cash.title')}</h2>
      <p class="hint">{t('cash.lead')}</p>
      {cash.error && <ErrorNotice error={cash.error} onRetry={cash.reload} />}
      {!cash.data && !cash.error && <Loading />}
      {cash.data?.couriers.length === 0 && <Empty>{t('cash.none')}</Empty>}
      {cash.data && cash.data.couriers.length > 0 && (
        <>
          <TableBox id="cash-table" title={t('cash.title')} busy={false} tableClass="cash-table">
            <thead>
              <tr>
                <th scope="col">{t('cash.courier')}</th>
                <th scope="col">{t('cash.delivered')}</th>
                <th scope="col">{t('cash.to_hand_over')}</th>
                <th scope="col">{t('cash.recorded')}</th>
                <th scope="col">{t('cash.transfers')}</th>
                <th scope="col">{t('cash.handover')}</th>
              </tr>
            </thead>
            <tbody>
              {cash.data.couriers.map((c) => (
                <tr key={c.courier.id}>
                  <th scope="row">{c.courier.name}</th>
                  <td class="num">{formatNumber(c.delivered)}</td>
                  <td class="num">{money(c.cashToHandOver)}</td>
                  <td class="num">{money(c.cashRecorded)}</td>
                  <td class="num">{money(c.transfersReceived)}</td>
                  <td>{c.handover ? t('cash.handed', { counted: money(c.handover.counted), difference: money(c.handover.difference) }) : t('cash.not_yet')}</td>
                </tr>
              ))}
            </tbody>
          </TableBox>
          {cash.data.couriers.map((c) => (
            <CourierMoney key={c.courier.id} carrier={carrier} day={day} courier={c} onRecorded={cash.reload} />
          ))}
          {cash.data.unattributedTransfers.length > 0 && (
            <p class="notice notice-warning">{t('cash.unattributed', { count: cash.data.unattributedTransfers.length })}</p>
          )}
        </>
      )}
    </section>
  );
}

function CourierMoney(props: { carrier: string; day: string; courier: CourierCashDay; onRecorded: () => void }) {
  const { carrier, day, courier, onRecorded } = props;
  const { t } = useI18n();
  const [counted, setCounted] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const save = useSave((message) => {
    setDone(message);
    onRecorded();
  });
  const id = `cash-${courier.courier.id}`;
  const problems = courier.discrepancies;
  return (
    <div class="cash-courier">
      {problems.length > 0 && (
        <section aria-labelledby={`${id}-problems`}>
          <h3 id={`${id}-problems`}>{t('cash.problems', { name: courier.courier.name, count: problems.length })}</h3>
          <ul>
            {problems.map((d) => (
              <li key={d.kind === 'transfer_without_parcel' ? d.transferId : `${d.kind}-${d.parcelId}`}>
                {d.kind === 'unpaid' && t('cash.unpaid', { code: d.trackingCode, expected: money(d.expected) })}
                {d.kind === 'cash_differs' && t('cash.cash_differs', { code: d.trackingCode, expected: money(d.expected), recorded: money(d.recorded) })}
                {d.kind === 'transfer_differs' &&
                  t('cash.transfer_differs', { code: d.trackingCode, expected: money(d.expected), received: money(d.received) })}
                {d.kind === 'transfer_without_parcel' && t('cash.transfer_without_parcel', { amount: money(d.amount), content: d.content })}
              </li>
            ))}
          </ul>
        </section>
      )}
      {!courier.handover && (
        <form
          class="cash-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save.run(async () => {
              await api.post('/api/delivery/cash/handovers', {
                carrier,
                courier: courier.courier.id,
                day,
                counted: Number(counted),
                ...(note ? { note } : {}),
              });
              return t('cash.recorded_ok');
            });
          }}
        >
          <div class="field">
            <label for={`${id}-counted`}>{t('cash.counted', { name: courier.courier.name })}</label>
            <input
              id={`${id}-counted`}
              type="number"
              inputMode="numeric"
              min={0}
              step={1000}
              required
              value={counted}
              onInput={(event) => setCounted(event.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for={`${id}-note`}>{t('cash.note')}</label>
            <input id={`${id}-note`} type="text" maxLength={500} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
          </div>
          <button type="submit" class="button" disabled={save.busy}>
            {t('cash.record')}
          </button>
          {save.error && <ErrorNotice error={save.error} />}
        </form>
      )}
      {done && (
        <p role="status" class="notice notice-success">
          {done}
        </p>
      )}
    </div>
  );
}
