import { useState } from 'preact/hooks';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';
import { endOwnSession, OWN_SESSIONS_URL, type AccountSession } from './accounts.api.ts';
import { accountsEn, accountsVi } from './accounts.i18n.ts';
import { SessionsTable } from './sessions-table.tsx';
import { useSession } from './session.ts';
import './accounts.css';

addMessages(accountsVi, accountsEn);

/** Where one's own account is logged in, every account's to see: a session not recognised is ended here. */
export function MySessionsPage() {
  const { t, text } = useI18n();
  const { me, setMe } = useSession();
  const sessions = useApi<{ sessions: AccountSession[] }>(me ? OWN_SESSIONS_URL : null);
  const [done, setDone] = useState<string | null>(null);
  const save = useSave((message) => {
    setDone(message);
    sessions.reload();
  });
  useTitle(t('my_sessions.title'));

  const end = (session: AccountSession) =>
    void save.run(async () => {
      await endOwnSession(session.id);
      // Ending the session in use is logging out here.
      if (session.current) setMe(null);
      return t('account.session_ended');
    });

  return (
    <section aria-labelledby="my-sessions-title">
      <h1 id="my-sessions-title">{t('my_sessions.title')}</h1>
      {me === undefined && <Loading />}
      {me === null && (
        <div class="notice notice-info">
          <p>{t('my_sessions.login_needed')}</p>
          <Link class="button button-secondary" href={paths.login(paths.mySessions())}>
            {t('nav.login')}
          </Link>
        </div>
      )}
      {me && (
        <>
          <p class="lead">{t('my_sessions.lead')}</p>
          <div role="status">{done && <p class="notice notice-success">{done}</p>}</div>
          {save.error && (
            <p class="notice notice-error" role="alert">
              {text(save.error.text)}
            </p>
          )}
          {sessions.error && <ErrorNotice error={sessions.error} onRetry={sessions.reload} />}
          {!sessions.data && !sessions.error && <Loading lines={3} />}
          {sessions.data && <SessionsTable sessions={sessions.data.sessions} busy={save.busy} onEnd={end} />}
          <p>
            <Link href={paths.password()}>{t('nav.password')}</Link>
          </p>
        </>
      )}
    </section>
  );
}
