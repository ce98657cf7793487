import { useState } from 'preact/hooks';
import { roleMay } from '../../../src/accounts/access.policy.ts';
import { asApiError, type ApiError } from '../platform/api.ts';
import { formatNumber } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Link, navigate, paths, useLocation } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { childrenUrl, type OrgUnitSummary, type Page } from '../territory/territory.api.ts';
import { createRosterAccounts, rosterUrl, type RosterAccounts, type VillageRoster } from './accounts.api.ts';
import { accountsEn, accountsVi } from './accounts.i18n.ts';
import { AccessNotice } from './accounts-page.tsx';
import { Slips } from './account-slips.tsx';
import { may, useSession } from './session.ts';
import './accounts.css';

addMessages(accountsVi, accountsEn);

/**
 * A village's community digital team becomes its accounts: pick the members, create, then print
 * one slip per person (username, one-time password, the field app's address), to hand over.
 */
export function RosterAccountsPage({ village }: { village: string | null }) {
  const { t } = useI18n();
  const { me } = useSession();
  const location = useLocation();
  const allowed = may(me, 'account:manage');
  const [created, setCreated] = useState<RosterAccounts | null>(null);
  useTitle(t('roster_accounts.title'));
  // The officer's commune; an administrator reaches this page with a village already chosen (from its page).
  const commune = me?.roles.find((grant) => roleMay(grant.role, 'account:manage') && grant.orgUnitCode.length === 5)?.orgUnitCode ?? null;

  return (
    <section class="roster-accounts" aria-labelledby="roster-accounts-title">
      <p>
        <Link href={paths.accounts()}>{t('accounts.back')}</Link>
      </p>
      <h1 id="roster-accounts-title">{t('roster_accounts.title')}</h1>
      <AccessNotice me={me} allowed={allowed} next={location.pathname + location.search} />
      {allowed && !created && (
        <>
          <p class="lead">{t('roster_accounts.lead')}</p>
          {commune && <VillagePicker commune={commune} village={village} />}
          {village && <MemberPicker key={village} village={village} onCreated={setCreated} />}
        </>
      )}
      {created && <Slips created={created.created} message={t('roster_accounts.created', { count: formatNumber(created.created.length) })} />}
    </section>
  );
}

function VillagePicker({ commune, village }: { commune: string; village: string | null }) {
  const { t } = useI18n();
  const villages = useApi<Page<OrgUnitSummary>>(childrenUrl(commune, 0));
  if (villages.error) return <ErrorNotice error={villages.error} onRetry={villages.reload} />;
  return (
    <div class="field">
      <label for="roster-village">{t('roster_accounts.village')}</label>
      <select
        id="roster-village"
        value={village ?? ''}
        disabled={!villages.data}
        onChange={(event) => navigate(paths.rosterAccounts(event.currentTarget.value), { replace: true })}
      >
        <option value="">{t('roster_accounts.choose_village')}</option>
        {villages.data?.items.map((unit) => (
          <option key={unit.code} value={unit.code}>
            {unit.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function MemberPicker({ village, onCreated }: { village: string; onCreated: (created: RosterAccounts) => void }) {
  const { t, text } = useI18n();
  const roster = useApi<VillageRoster>(rosterUrl(village));
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (roster.error) return <ErrorNotice error={roster.error} onRetry={roster.reload} />;
  if (!roster.data) return <Loading lines={6} />;
  const { members } = roster.data;
  if (members.length === 0) return <Empty>{t('roster_accounts.no_team')}</Empty>;
  const open = members.filter((m) => m.accountId === null).map((m) => m.memberId);
  const allChosen = open.length > 0 && open.every((id) => chosen.has(id));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      onCreated(await createRosterAccounts(village, [...chosen]));
    } catch (failure) {
      setError(asApiError(failure));
      roster.reload();
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset class="roster-members">
      <legend>{t('roster_accounts.members', { count: formatNumber(members.length) })}</legend>
      <label class="check">
        <input
          type="checkbox"
          checked={allChosen}
          disabled={open.length === 0}
          onChange={(event) => setChosen(event.currentTarget.checked ? new Set(open) : new Set())}
        />
        {t('roster_accounts.select_all')}
      </label>
      <ul class="roster-member-list">
        {members.map((member) => (
          <li key={member.memberId}>
            <label class="check">
              <input
                type="checkbox"
                checked={chosen.has(member.memberId)}
                disabled={member.accountId !== null}
                onChange={(event) => toggle(member.memberId, event.currentTarget.checked)}
              />
              {member.displayName}
              {member.isLeader && <span class="muted"> ({t('roster_accounts.leader')})</span>}
              {member.username && <span class="account-hint">{t('roster_accounts.has_account', { username: member.username })}</span>}
            </label>
          </li>
        ))}
      </ul>
      {error && (
        <p class="notice notice-error" role="alert">
          {text(error.text)}
        </p>
      )}
      <button type="button" class="button button-primary" disabled={busy || chosen.size === 0} onClick={() => void create()}>
        {busy ? t('roster_accounts.creating') : t('roster_accounts.create', { count: formatNumber(chosen.size) })}
      </button>
    </fieldset>
  );
}
