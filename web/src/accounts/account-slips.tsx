import { translate, useI18n } from '../platform/i18n.ts';
import { paths } from '../platform/router.tsx';
import type { CreatedAccount } from './accounts.api.ts';

/**
 * One slip per new account, always in Vietnamese (what is handed over in the village), laid out for
 * A4 in print: the username, the one-time password shown this once, and where to log in (the
 * field app for a team member, the site for everyone else).
 */
export function Slips({ created, message }: { created: readonly CreatedAccount[]; message: string }) {
  const { t } = useI18n();
  const vi = (key: Parameters<typeof translate>[1]) => translate('vi', key);
  const address = (account: CreatedAccount['account']) =>
    `${window.location.origin}${account.roles.some((r) => r.role === 'team_member') ? paths.field() : paths.home()}`;
  return (
    <>
      <div class="notice notice-success" role="status">
        <p>{message}</p>
        <button type="button" class="button button-primary" onClick={() => window.print()}>
          {t('roster_accounts.print')}
        </button>
      </div>
      <ol class="slips" lang="vi">
        {created.map(({ account, oneTimePassword }) => (
          <li key={account.id} class="slip">
            <p class="slip-title">{vi('slip.title')}</p>
            <dl>
              <dt>{vi('slip.name')}</dt>
              <dd>{account.displayName}</dd>
              <dt>{vi('slip.unit')}</dt>
              <dd>{account.roles.map((r) => r.orgUnitName).join(', ')}</dd>
              <dt>{vi('slip.username')}</dt>
              <dd class="slip-secret">{account.username}</dd>
              <dt>{vi('slip.password')}</dt>
              <dd class="slip-secret">{oneTimePassword}</dd>
              <dt>{vi('slip.address')}</dt>
              <dd>{address(account)}</dd>
            </dl>
            <p class="slip-steps">{vi('slip.steps')}</p>
          </li>
        ))}
      </ol>
    </>
  );
}
