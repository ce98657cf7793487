import { useState } from 'preact/hooks';
import { formatDateTime, formatNumber } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Link, paths, useLocation } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading, Pager, useTitle } from '../platform/status.tsx';
import { TableBox } from '../platform/table-box.tsx';
import { useApi } from '../platform/use-api.ts';
import { useDebounced } from '../platform/use-debounced.ts';
import { accountsUrl, ACCOUNTS_PAGE, type AccountList, type AccountSummary, type CreatedAccount } from './accounts.api.ts';
import { Slips } from './account-slips.tsx';
import { NewAccountForm } from './new-account-form.tsx';
import { placesInTerritory } from './grantable-roles.ts';
import { accountsEn, accountsVi } from './accounts.i18n.ts';
import { may, useSession } from './session.ts';
import './accounts.css';
import { SearchField } from '../platform/search-field.tsx';

addMessages(accountsVi, accountsEn);

/** The accounts of the officer's area: who has which role, who has not logged in yet, who is locked. */
export function AccountsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const location = useLocation();
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const query = useDebounced(search.trim(), 300);
  const allowed = may(me, 'account:manage');
  const page = useApi<AccountList>(allowed ? accountsUrl(query, offset) : null, { keepPrevious: true });
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedAccount | null>(null);
  useTitle(t('accounts.title'));

  // Just made: the slip alone (and alone in print), until the officer moves on.
  if (created) {
    return (
      <section class="new-account-done" aria-labelledby="accounts-title">
        <h1 id="accounts-title">{t('accounts.title')}</h1>
        <Slips created={[created]} message={t('new_account.created', { username: created.account.username })} />
        <p class="form-actions">
          <button
            type="button"
            class="button button-secondary"
            onClick={() => {
              setCreated(null);
              setAdding(true);
              page.reload();
            }}
          >
            {t('new_account.another')}
          </button>
          <Link class="button button-secondary" href={paths.account(created.account.id)}>
            {created.account.displayName}
          </Link>
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="accounts-title">
      <h1 id="accounts-title">{t('accounts.title')}</h1>
      <p class="lead">{t('accounts.lead')}</p>
      <AccessNotice me={me} allowed={allowed} next={location.pathname + location.search} />
      {allowed && (
        <>
          <div class="list-tools">
            <SearchField
              id="accounts-search"
              label={t('accounts.search')}
              value={search}
              onSearch={(text) => {
                setSearch(text);
                setOffset(0);
              }}
            />
            {me && placesInTerritory(me) && (
              <Link class="button button-primary" href={paths.rosterAccounts()}>
                {t('accounts.from_roster')}
              </Link>
            )}
            {me && !adding && (
              <button type="button" class="button button-secondary" onClick={() => setAdding(true)}>
                {t('accounts.create_one')}
              </button>
            )}
          </div>
          {me && adding && (
            <NewAccountForm
              me={me}
              onCreated={(account) => {
                setAdding(false);
                setCreated(account);
              }}
              onCancel={() => setAdding(false)}
            />
          )}
          {page.error && <ErrorNotice error={page.error} onRetry={page.reload} />}
          {!page.data && !page.error && <Loading lines={8} />}
          {page.data && page.data.items.length === 0 && <Empty>{t('accounts.none')}</Empty>}
          {page.data && page.data.items.length > 0 && (
            <>
              <AccountsTable list={page.data} busy={page.loading} />
              <Pager
                total={page.data.total}
                offset={offset}
                limit={ACCOUNTS_PAGE}
                onOffset={setOffset}
                label={t('pager.label', { what: t('accounts.title') })}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}

/** Log in first, or this account manages none: said plainly rather than an empty table. */
export function AccessNotice({ me, allowed, next }: { me: ReturnType<typeof useSession>['me']; allowed: boolean; next: string }) {
  const { t } = useI18n();
  if (me === undefined) return <Loading />;
  if (me === null) {
    return (
      <div class="notice notice-info">
        <p>{t('accounts.login_needed')}</p>
        <Link class="button button-secondary" href={paths.login(next)}>
          {t('nav.login')}
        </Link>
      </div>
    );
  }
  return allowed ? null : <p class="notice notice-info">{t('accounts.not_allowed')}</p>;
}

function AccountsTable({ list, busy }: { list: AccountList; busy: boolean }) {
  const { t } = useI18n();
  return (
    <TableBox id="accounts-caption" title={t('accounts.caption', { total: formatNumber(list.total) })} busy={busy} tableClass="table-accounts">
      <thead>
        <tr>
          <th scope="col">{t('accounts.col_name')}</th>
          <th scope="col">{t('accounts.col_username')}</th>
          <th scope="col">{t('accounts.col_roles')}</th>
          <th scope="col">{t('accounts.col_status')}</th>
          <th scope="col">{t('accounts.col_last_login')}</th>
        </tr>
      </thead>
      <tbody>
        {list.items.map((account) => (
          <tr key={account.id}>
            <th scope="row">
              <Link href={paths.account(account.id)}>{account.displayName}</Link>
            </th>
            <td class="nowrap">{account.username}</td>
            <td>
              <RoleList account={account} />
            </td>
            <td>
              <AccountStatus account={account} />
            </td>
            <td class="nowrap">{account.lastLoginAt ? formatDateTime(account.lastLoginAt) : <span class="muted">{t('accounts.never')}</span>}</td>
          </tr>
        ))}
      </tbody>
    </TableBox>
  );
}

export function RoleList({ account }: { account: AccountSummary }) {
  const { t } = useI18n();
  return (
    <ul class="account-role-list">
      {account.roles.map((grant) => (
        <li key={`${grant.role}-${grant.orgUnitCode}`}>
          {t(`role.${grant.role}`)} · {grant.orgUnitName}
        </li>
      ))}
    </ul>
  );
}

export function AccountStatus({ account }: { account: AccountSummary }) {
  const { t } = useI18n();
  return (
    <>
      <span class={account.active ? 'badge badge-ok' : 'badge badge-denied'}>{t(account.active ? 'accounts.active' : 'accounts.inactive')}</span>
      {account.mustChangePassword && <span class="account-hint">{t('accounts.must_change')}</span>}
    </>
  );
}
