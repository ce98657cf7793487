import { useState } from 'preact/hooks';
import { Link } from '../platform/router.tsx';
import { useField } from './field-context.ts';
import { useFieldI18n } from './field.i18n.ts';
import { Screen, useOnline, useScreenTitle } from './field-parts.tsx';
import { fieldPaths } from './field.routes.ts';
import { keptByServer, lostOnLogOut } from './log-out.rules.ts';

/**
 * "Đăng xuất": a phone often passes from hand to hand in a village, so logging out clears it.
 * Unsent changes are counted first, with the way to send them before they go; once confirmed the
 * phone's database is emptied whatever the network (field.store.ts), and the app, seeing the
 * account gone, ends the server's session and shows the log-in (field-app.tsx).
 */
export function LogOutPage() {
  const { t, shell } = useFieldI18n();
  const { account, outbox, store, client, status } = useField();
  const online = useOnline();
  const [busy, setBusy] = useState(false);
  useScreenTitle(t('logout.title'));

  const lost = lostOnLogOut(outbox);
  const kept = keptByServer(outbox);
  const syncing = status.phase === 'syncing';

  const logOut = async () => {
    setBusy(true);
    // No sync may start again for this account; one under way finds the account gone and writes nothing.
    client.stop();
    try {
      await store.logOut();
    } catch (error) {
      console.error(error);
      setBusy(false);
    }
  };

  return (
    <Screen id="log-out" title={t('logout.title')} back={{ href: fieldPaths.households(), label: t('hh.back') }}>
      <p>{t('logout.who', { name: account.displayName, username: account.username, village: account.villageName })}</p>
      <p>{t('logout.wipe')}</p>
      {lost > 0 ? (
        <div class="notice notice-warning" role="alert">
          <p>
            <strong>{t(lost === 1 ? 'logout.unsent_one' : 'logout.unsent', { n: lost })}</strong>
          </p>
          <p>{t(online ? 'logout.sync_hint' : 'logout.offline')}</p>
        </div>
      ) : (
        <p class="notice notice-info" role="status">
          {t('logout.nothing_unsent')}
        </p>
      )}
      {kept > 0 && <p class="field-hint">{t('logout.kept', { n: kept })}</p>}
      <div class="form-actions log-out-actions">
        {lost > 0 && (
          <button
            type="button"
            class="button button-primary button-wide"
            disabled={!online || syncing || busy}
            aria-busy={syncing}
            onClick={() => void client.sync('log-out')}
          >
            {syncing ? t('sync.syncing') : t('logout.sync_first')}
          </button>
        )}
        <button type="button" class={`button ${lost > 0 ? 'button-danger-quiet' : 'button-danger button-wide'}`} disabled={busy} onClick={() => void logOut()}>
          {busy ? t('logout.working') : t(lost > 0 ? 'logout.anyway' : 'logout.confirm')}
        </button>
        <Link class="button button-secondary" href={fieldPaths.households()}>
          {shell.t('action.cancel')}
        </Link>
      </div>
    </Screen>
  );
}
