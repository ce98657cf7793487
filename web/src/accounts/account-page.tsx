import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { formatDate } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Link, paths, useLocation } from '../platform/router.tsx';
import { ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';
import { accountUrl, endSession, endSessions, grantRole, removeRole, resetPassword, setActive, type AccountDetail, type Role } from './accounts.api.ts';
import { accountsEn, accountsVi } from './accounts.i18n.ts';
import { AccessNotice, AccountStatus } from './accounts-page.tsx';
import { firstRole, grantableRoles } from './grantable-roles.ts';
import { SessionsTable } from './sessions-table.tsx';
import { may, useSession, type Me } from './session.ts';
import './accounts.css';

addMessages(accountsVi, accountsEn);

/** One account: its roles, its open sessions, and what a manager does to it. */
export function AccountPage({ id }: { id: string }) {
  const { t, text } = useI18n();
  const { me } = useSession();
  const location = useLocation();
  const allowed = may(me, 'account:manage');
  const account = useApi<AccountDetail>(allowed ? accountUrl(id) : null);
  const [done, setDone] = useState<string | null>(null);
  const [password, setPassword] = useState<string | null>(null);
  const save = useSave((message) => {
    setDone(message);
    account.reload();
  });
  useTitle(account.data?.displayName ?? t('accounts.title'));

  const data = account.data;
  const run = (action: () => Promise<string>, confirmKey?: 'account.reset_confirm' | 'account.deactivate_confirm') => {
    if (confirmKey && !window.confirm(t(confirmKey))) return;
    setPassword(null);
    void save.run(action);
  };

  return (
    <section aria-labelledby="account-title">
      <p>
        <Link href={paths.accounts()}>{t('accounts.back')}</Link>
      </p>
      <h1 id="account-title">{data?.displayName ?? t('accounts.title')}</h1>
      <AccessNotice me={me} allowed={allowed} next={location.pathname} />
      {account.error && <ErrorNotice error={account.error} onRetry={account.reload} />}
      {allowed && !data && !account.error && <Loading lines={6} />}
      {data && me && (
        <>
          <p class="lead">
            {data.username} · <AccountStatus account={data} /> · {t('account.created', { date: formatDate(data.createdAt.slice(0, 10)) })}
          </p>
          <div role="status">
            {done && <p class="notice notice-success">{done}</p>}
            {password && (
              <div class="notice notice-success">
                <p>{t('account.reset_done')}</p>
                <p class="one-time-password">{password}</p>
              </div>
            )}
          </div>
          {save.error && (
            <p class="notice notice-error" role="alert">
              {text(save.error.text)}
            </p>
          )}

          <h2>{t('account.roles')}</h2>
          <ul class="account-role-rows">
            {data.roles.map((grant) => (
              <li key={`${grant.role}-${grant.orgUnitCode}`}>
                <span>
                  {t(`role.${grant.role}`)} · {grant.orgUnitName} <span class="muted">({grant.orgUnitCode})</span>
                </span>
                {data.roles.length > 1 && (
                  <button
                    type="button"
                    class="button button-secondary button-small"
                    disabled={save.busy}
                    onClick={() => run(async () => (await removeRole(id, grant.role, grant.orgUnitCode), t('account.saved')))}
                  >
                    {t('account.remove_role', { role: t(`role.${grant.role}`), unit: grant.orgUnitName })}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <AddRole me={me} busy={save.busy} onAdd={(role, unit) => run(async () => (await grantRole(id, role, unit), t('account.saved')))} />

          <h2>{t('account.sessions')}</h2>
          <SessionsTable
            sessions={data.sessions}
            busy={save.busy}
            onEnd={(session) => run(async () => (await endSession(id, session.id), t('account.session_ended')))}
          />

          <div class="account-actions-row">
            <button
              type="button"
              class="button button-secondary"
              disabled={save.busy || data.sessions.length === 0}
              onClick={() => run(async () => (await endSessions(id), t('account.sessions_ended')))}
            >
              {t('account.end_sessions')}
            </button>
            <button
              type="button"
              class="button button-secondary"
              disabled={save.busy}
              onClick={() =>
                run(async () => {
                  const reset = await resetPassword(id);
                  setPassword(reset.oneTimePassword);
                  return t('account.saved');
                }, 'account.reset_confirm')
              }
            >
              {t('account.reset')}
            </button>
            {data.active ? (
              <button
                type="button"
                class="button button-secondary"
                disabled={save.busy || data.id === me.id}
                onClick={() => run(async () => (await setActive(id, false), t('account.saved')), 'account.deactivate_confirm')}
              >
                {t('account.deactivate')}
              </button>
            ) : (
              <button
                type="button"
                class="button button-primary"
                disabled={save.busy}
                onClick={() => run(async () => (await setActive(id, true), t('account.saved')))}
              >
                {t('account.reactivate')}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}

/** A unit code as the server takes one: a province's, a commune's, a village's, or the nation's (VN) for a national role. */
const UNIT_CODE = /^(VN|\d{2}(\d{3}(\d{3})?)?)$/;

/** Another role for the account: the roles offered follow the unit typed, as in the form that makes an account. */
function AddRole({ me, busy, onAdd }: { me: Me; busy: boolean; onAdd: (role: Role, unitCode: string) => void }) {
  const { t } = useI18n();
  const [unit, setUnit] = useState('');
  const typed = unit.trim().toUpperCase();
  const roles = grantableRoles(me, UNIT_CODE.test(typed) ? typed : undefined);
  const [chosenRole, setRole] = useState<Role>(firstRole(roles));
  const role = roles.includes(chosenRole) ? chosenRole : firstRole(roles);
  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onAdd(role, typed);
  };
  return (
    <form class="form account-add-role" onSubmit={submit}>
      <fieldset>
        <legend>{t('account.add_role')}</legend>
        <div class="field">
          <label for="add-role-unit">{t('account.unit_code')}</label>
          <input id="add-role-unit" pattern="[Vv][Nn]|\d{2}|\d{5}|\d{8}" required value={unit} onInput={(event) => setUnit(event.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="add-role">{t('account.role')}</label>
          <select id="add-role" value={role} onChange={(event) => setRole(event.currentTarget.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button-secondary" disabled={busy}>
          {t('account.add_role')}
        </button>
      </fieldset>
    </form>
  );
}
