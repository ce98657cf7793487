import { formatDateTime } from '../platform/format.ts';
import { useI18n } from '../platform/i18n.ts';
import type { AccountSession } from './accounts.api.ts';

/**
 * An account's open sessions, each with its own button to end it (a lost phone, a shared
 * computer): the browser's summary and when it was used, never an address or a token.
 */
export function SessionsTable({ sessions, busy, onEnd }: { sessions: readonly AccountSession[]; busy: boolean; onEnd: (session: AccountSession) => void }) {
  const { t } = useI18n();
  if (sessions.length === 0) return <p class="empty">{t('account.sessions_none')}</p>;
  return (
    <table class="table table-sessions">
      <thead>
        <tr>
          <th scope="col">{t('account.session_browser')}</th>
          <th scope="col">{t('account.session_created')}</th>
          <th scope="col">{t('account.session_seen')}</th>
          <th scope="col">
            <span class="visually-hidden">{t('account.session_actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((session) => {
          const browser = session.browser ?? t('account.unknown_browser');
          return (
            <tr key={session.id}>
              <td>
                {browser}
                {session.current && <span class="badge badge-ok session-current">{t('account.session_current')}</span>}
              </td>
              <td class="nowrap">{formatDateTime(session.createdAt)}</td>
              <td class="nowrap">{formatDateTime(session.lastSeenAt)}</td>
              <td>
                <button
                  type="button"
                  class="button button-secondary button-small"
                  disabled={busy}
                  // The visible words first, so that a voice command saying them finds the button.
                  aria-label={t('account.end_session_of', {
                    action: t(session.current ? 'account.end_current' : 'account.end_session'),
                    browser,
                    date: formatDateTime(session.createdAt),
                  })}
                  onClick={() => onEnd(session)}
                >
                  {t(session.current ? 'account.end_current' : 'account.end_session')}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
