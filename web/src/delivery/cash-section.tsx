import { useRef, useState } from 'preact/hooks';
import type { CashDay, CourierCashDay, DayMoney, PointCashDay } from '../../../src/delivery/cash.schema.ts';
import { api, withQuery } from '../platform/api.ts';
import { focusFirstProblem } from '../platform/focus-first-problem.ts';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../platform/format.ts';
import { addMessages, useI18n, type I18n } from '../platform/i18n.ts';
import { Empty, ErrorNotice, Loading } from '../platform/status.tsx';
import { TableBox } from '../platform/table-box.tsx';
import { useApi } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';
import { cashEn, cashVi } from './cash.i18n.ts';
import { checkMoney, LabelledField, MoneyField } from './money-field.tsx';

addMessages(cashVi, cashEn);

/** A count against what was due, in words a cashier uses: "thiếu 50.000 ₫", "thừa 20.000 ₫", "đủ". */
const differenceText = (t: I18n['t'], difference: number) =>
  difference < 0
    ? t('cash.short', { amount: formatMoney(-difference) })
    : difference > 0
      ? t('cash.over', { amount: formatMoney(difference) })
      : t('cash.even');

/** The end of a carrier's day on the dispatcher's page: each courier's cash and transfers, the discrepancies, the count at the hub. */
export function CashSection({ carrier, day }: { carrier: string; day: string }) {
  const { t } = useI18n();
  const cash = useApi<CashDay>(withQuery('/api/delivery/cash', { carrier, day }));
  return (
    <section aria-labelledby="cash-title" class="cash-day">
      <h2 id="cash-title">{t('cash.title_day', { day: formatDate(day) })}</h2>
      <p class="muted">{t('cash.lead')}</p>
      {cash.error && <ErrorNotice error={cash.error} onRetry={cash.reload} />}
      {!cash.data && !cash.error && <Loading />}
      {cash.data?.couriers.length === 0 && <Empty>{t('cash.none')}</Empty>}
      {cash.data && cash.data.couriers.length > 0 && (
        <>
          <TableBox id="cash-table" title={t('cash.table', { day: formatDate(day) })} busy={false} tableClass="cash-table">
            <thead>
              <tr>
                <th scope="col">{t('cash.courier')}</th>
                <th scope="col" class="num">
                  {t('cash.delivered')}
                </th>
                <th scope="col" class="num">
                  {t('cash.to_hand_over')}
                </th>
                <th scope="col" class="num">
                  {t('cash.recorded')}
                </th>
                <th scope="col" class="num">
                  {t('cash.transfers')}
                </th>
                <th scope="col">{t('cash.handover')}</th>
              </tr>
            </thead>
            <tbody>
              {cash.data.couriers.map((c) => (
                <tr key={c.courier.id} data-courier={c.courier.id}>
                  <th scope="row">{c.courier.name}</th>
                  <td class="num">{formatNumber(c.delivered)}</td>
                  <td class="num">{formatMoney(c.cashToHandOver)}</td>
                  <td class="num">{formatMoney(c.cashRecorded)}</td>
                  <td class="num">{formatMoney(c.transfersReceived)}</td>
                  <td>
                    {c.handover ? (
                      <span class={c.handover.difference < 0 ? 'cash-short' : undefined}>
                        {t('cash.handed', { counted: formatMoney(c.handover.counted), difference: differenceText(t, c.handover.difference) })}
                      </span>
                    ) : (
                      t('cash.not_yet')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </TableBox>
          {cash.data.unattributedTransfers.length > 0 && (
            <p class="notice notice-warning">{t('cash.unattributed', { count: formatNumber(cash.data.unattributedTransfers.length) })}</p>
          )}
          {cash.data.couriers.map((c) => (
            <HolderMoney
              key={c.courier.id}
              holder={{ id: c.courier.id, name: c.courier.name }}
              money={c}
              record={async (counted, note) =>
                api.post<CourierCashDay>('/api/delivery/cash/handovers', { carrier, courier: c.courier.id, day, counted, ...note })
              }
              onRecorded={cash.reload}
            />
          ))}
        </>
      )}
      {cash.data && cash.data.pickupPoints.length > 0 && (
        <>
          <h3>{t('cash.points_title')}</h3>
          <p class="muted">{t('cash.points_lead')}</p>
          {cash.data.pickupPoints.map((p) => (
            <HolderMoney
              key={p.point.id}
              holder={{ id: p.point.id, name: p.point.name, keptBy: p.keepers.map((k) => k.name).join(', ') }}
              money={p}
              record={async (counted, note) =>
                api.post<PointCashDay>('/api/delivery/cash/point-handovers', { carrier, pickupPoint: p.point.id, day, counted, ...note })
              }
              onRecorded={cash.reload}
            />
          ))}
        </>
      )}
    </section>
  );
}

/** Who holds cash at the end of the day: a courier, or a pickup point (and who keeps it). */
interface CashHolder {
  id: string;
  name: string;
  keptBy?: string;
}

/**
 * One holder's day at the hub (a courier's, or a pickup point's collections): what does not add
 * up, then the count of the cash handed over, once.
 */
function HolderMoney(props: {
  holder: CashHolder;
  money: DayMoney;
  record: (counted: number, note: { note?: string }) => Promise<DayMoney>;
  onRecorded: () => void;
}) {
  const { holder, money, record, onRecorded } = props;
  const { t } = useI18n();
  const [counted, setCounted] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const doneLine = useRef<HTMLParagraphElement>(null);
  const save = useSave((message) => {
    setDone(message);
    onRecorded();
    // The form goes once the count is kept: the line saying so takes the focus.
    setTimeout(() => doneLine.current?.focus());
  });
  const id = `cash-${holder.id}`;
  const problems = money.discrepancies;
  const formError = save.formError(['counted', 'note']);
  return (
    <section class="cash-courier" aria-labelledby={`${id}-name`} data-holder={holder.id}>
      <h3 id={`${id}-name`}>{holder.name}</h3>
      {holder.keptBy !== undefined && (
        <p class="muted">
          {t('cash.point_figures', {
            keepers: holder.keptBy || '—',
            delivered: formatNumber(money.delivered),
            due: formatMoney(money.cashToHandOver),
          })}
        </p>
      )}
      {problems.length > 0 && (
        <div class="notice notice-warning">
          <p>
            <strong>{t('cash.problems', { count: formatNumber(problems.length) })}</strong>
          </p>
          <ul>
            {problems.map((d) => (
              <li key={d.kind === 'transfer_without_parcel' ? d.transferId : `${d.kind}-${d.parcelId}`}>
                {d.kind === 'unpaid' && t('cash.unpaid', { code: d.trackingCode, expected: formatMoney(d.expected) })}
                {d.kind === 'cash_differs' &&
                  t('cash.cash_differs', { code: d.trackingCode, expected: formatMoney(d.expected), recorded: formatMoney(d.recorded) })}
                {d.kind === 'transfer_differs' &&
                  t('cash.transfer_differs', { code: d.trackingCode, expected: formatMoney(d.expected), received: formatMoney(d.received) })}
                {d.kind === 'transfer_without_parcel' && t('cash.transfer_without_parcel', { amount: formatMoney(d.amount), content: d.content })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {done && (
        <p role="status" class="notice notice-success form-done" tabIndex={-1} ref={doneLine}>
          {done}
        </p>
      )}
      {money.handover && !done && (
        <p>
          {t('cash.handed_over', {
            time: formatDateTime(money.handover.recordedAt).slice(11),
            counted: formatMoney(money.handover.counted),
            expected: formatMoney(money.handover.expected),
            difference: differenceText(t, money.handover.difference),
          })}
        </p>
      )}
      {!money.handover && (
        <form
          ref={form}
          class="money-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const amount = checkMoney(counted, 0);
            if ('problem' in amount) {
              save.setProblems({ counted: amount.problem });
              focusFirstProblem(form.current);
              return;
            }
            void save
              .run(async () => {
                const recorded = await record(amount.dong, note.trim() ? { note: note.trim() } : {});
                const handover = recorded.handover!;
                return t('cash.recorded_ok', {
                  name: holder.name,
                  counted: formatMoney(handover.counted),
                  expected: formatMoney(handover.expected),
                  difference: differenceText(t, handover.difference),
                });
              })
              .then(() => focusFirstProblem(form.current));
          }}
        >
          <MoneyField
            id={`${id}-counted`}
            label={t('cash.counted')}
            hint={t('cash.counted_hint', { expected: formatMoney(money.cashToHandOver) })}
            problem={save.problemOf('counted')}
            value={counted}
            onValue={setCounted}
          />
          <LabelledField id={`${id}-note`} label={t('cash.note')} problem={save.problemOf('note')}>
            {(control) => <input {...control} type="text" maxLength={500} value={note} onInput={(event) => setNote(event.currentTarget.value)} />}
          </LabelledField>
          {formError && <ErrorNotice error={formError} />}
          <button type="submit" class="button button-primary" disabled={save.busy}>
            {t('cash.record')}
          </button>
        </form>
      )}
    </section>
  );
}
