import { useMemo } from 'preact/hooks';
import { formatDateTime, formatNumber, NO_VALUE } from '../platform/format.ts';
import { useI18n } from '../platform/i18n.ts';
import { Empty, ErrorNotice, Loading } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { devicesUrl, needsAttentionUrl, type AttentionItem, type Device } from './team-activity.api.ts';
import { countByDevice, elapsedSince, isSilent, phoneName, STALE_DAY_CHOICES } from './sync-review.rules.ts';

/** "Điện thoại": the teams' phones by their last sync, those silent for N days or more marked. */
export function TeamPhonesView(props: { unit: string; unitName: string; days: number; onDays: (days: number) => void }) {
  const { t } = useI18n();
  const { unit, unitName, days, onDays } = props;
  const devices = useApi<{ total: number; items: Device[] }>(devicesUrl(unit));
  // The server does not know what a phone still holds unsent; what it refused from each phone it does.
  const attention = useApi<{ total: number; items: AttentionItem[] }>(needsAttentionUrl(unit));
  const waiting = useMemo(() => countByDevice(attention.data?.items ?? []), [attention.data]);
  const items = devices.data?.items ?? [];
  const silent = items.filter((d) => isSilent(d, days)).length;
  const now = new Date();

  const ago = (iso: string) => {
    const elapsed = elapsedSince(iso, now);
    return elapsed.unit === 'now' ? t('review.ago.now') : t(`review.ago.${elapsed.unit}`, { count: formatNumber(elapsed.count) });
  };

  return (
    <section class="review" aria-labelledby="devices-title">
      <h2 id="devices-title">{t('review.devices_title', { name: unitName })}</h2>
      <p class="muted">{t('review.devices_intro', { days })}</p>
      <div class="teams-controls">
        <div class="field teams-field">
          <label for="devices-days">{t('review.stale_days')}</label>
          <select id="devices-days" value={String(days)} onChange={(event) => onDays(Number(event.currentTarget.value))}>
            {STALE_DAY_CHOICES.map((choice) => (
              <option key={choice} value={String(choice)}>
                {t('review.stale_option', { days: choice })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {devices.error && <ErrorNotice error={devices.error} onRetry={devices.reload} />}
      {!devices.data ? (
        !devices.error && <Loading lines={6} />
      ) : items.length === 0 ? (
        <Empty>{t('review.devices_none', { name: unitName })}</Empty>
      ) : (
        <>
          <p role="status">
            {silent > 0
              ? t('review.devices_summary', { count: formatNumber(devices.data.total), silent: formatNumber(silent), days })
              : t('review.devices_all_fresh', { count: formatNumber(devices.data.total), days })}
            {devices.data.total > items.length && (
              <> {t('review.devices_more', { shown: formatNumber(items.length), total: formatNumber(devices.data.total) })}</>
            )}
          </p>
          <div class="table-scroll" role="region" aria-labelledby="devices-title" tabIndex={0}>
            <table class="table review-devices" aria-busy={devices.loading}>
              <thead>
                <tr>
                  {/* Who and how long silent first: on a phone the columns after them scroll into view. */}
                  <th scope="col">{t('review.col_account')}</th>
                  <th scope="col">{t('review.col_last_sync')}</th>
                  <th scope="col">{t('review.col_state')}</th>
                  <th scope="col" class="num">
                    {t('review.col_waiting')}
                  </th>
                  <th scope="col">{t('review.col_village')}</th>
                  <th scope="col">{t('review.col_phone')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((device) => {
                  const stale = isSilent(device, days);
                  const count = waiting.get(device.id) ?? 0;
                  return (
                    <tr key={device.id} class={stale ? 'review-silent' : undefined} data-device={device.id}>
                      <th scope="row">
                        {device.account.displayName} <span class="muted">({device.account.username})</span>
                      </th>
                      <td class="nowrap">
                        {ago(device.lastSyncAt)}
                        <br />
                        <time class="muted" dateTime={device.lastSyncAt}>
                          {formatDateTime(device.lastSyncAt)}
                        </time>
                      </td>
                      <td class="nowrap">
                        {stale ? (
                          <strong class="review-silent-mark">
                            <span aria-hidden="true">⚠ </span>
                            {t('review.silent', { days: device.daysSinceSync })}
                          </strong>
                        ) : (
                          t('review.fresh')
                        )}
                      </td>
                      <td class={count > 0 ? 'num teams-warn' : 'num'}>{attention.data ? formatNumber(count) : NO_VALUE}</td>
                      <td>{device.villageName ?? NO_VALUE}</td>
                      <td class="nowrap">
                        {t('review.phone_name', { name: phoneName(device.id) ?? '' })}
                        {device.appVersion && <span class="muted review-app"> · {device.appVersion}</span>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
