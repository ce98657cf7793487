import type { JSX } from 'preact';
import { Link, paths } from '../platform/router.tsx';
import { relativeTime, timeUntil, useFieldI18n, waitingText } from './field.i18n.ts';
import { useNow, useOnline } from './field-parts.tsx';
import type { SyncStatus } from './sync-client.ts';

/**
 * Always on screen, in the app's frame: how many changes wait on this phone, when it last reached
 * the server, whether it is offline, and a button to try now. A team member or a courier should
 * never have to wonder whether the day's work has left the phone. For any offline app: the field
 * app's, the courier app's.
 */
export function SyncBar({
  status,
  waiting,
  lastSync,
  onSync,
  loginPath,
}: {
  status: SyncStatus;
  waiting: number;
  lastSync: string | null;
  onSync: () => void;
  loginPath: string;
}) {
  const { t, lang, text } = useFieldI18n();
  const online = useOnline();
  const now = useNow(15_000);
  const offline = !online || status.offline;
  const syncing = status.phase === 'syncing';

  let detail: JSX.Element | null = null;
  if (status.phase === 'needs_login') {
    detail = (
      <p class="sync-detail sync-detail-warning">
        {t('sync.needs_login')} <Link href={paths.login(loginPath)}>{t('sync.login')}</Link>
      </p>
    );
  } else if (offline) {
    detail = <p class="sync-detail sync-detail-note">{t('sync.offline_note')}</p>;
  } else if (status.phase === 'waiting' && status.retryAt !== null) {
    detail = (
      <p class="sync-detail">
        {t('sync.retrying', { when: timeUntil(status.retryAt, now, lang) })} {status.problem && <span class="muted">{text(status.problem.message)}</span>}
      </p>
    );
  }

  return (
    <section class={`sync-bar${offline ? ' is-offline' : ''}`} aria-label={t('sync.label')} data-waiting={waiting} data-phase={status.phase}>
      <p class="sync-line">
        <span class={`sync-net ${offline ? 'sync-net-off' : 'sync-net-on'}`}>
          <span class="sync-dot" aria-hidden="true" />
          {t(offline ? 'sync.offline' : 'sync.online')}
        </span>
        <strong class="sync-waiting" aria-live="polite">
          {waitingText(lang, waiting)}
        </strong>
        <span class="sync-last">{syncing ? t('sync.syncing') : lastSync ? t('sync.last', { when: relativeTime(lastSync, now, lang) }) : t('sync.never')}</span>
      </p>
      <button type="button" class="button button-secondary sync-now" onClick={onSync} disabled={syncing} aria-busy={syncing}>
        {t('sync.now')}
      </button>
      {detail}
    </section>
  );
}
