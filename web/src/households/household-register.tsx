import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useSession } from '../accounts/session.ts';
import { formatDate, formatNumber, NO_VALUE } from '../platform/format.ts';
import { useI18n } from '../platform/i18n.ts';
import { Link, paths, useLocation } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading, Pager } from '../platform/status.tsx';
import { TableBox } from '../platform/table-box.tsx';
import { useApi } from '../platform/use-api.ts';
import { useDebounced } from '../platform/use-debounced.ts';
import type { OrgUnit } from '../territory/territory.api.ts';
import { HOUSEHOLD_PAGE, householdsUrl, type Household, type Page } from './households.api.ts';
import { SURVEY_FIELDS } from './survey.rules.ts';
import { SearchField } from '../platform/search-field.tsx';
import { lazyPage } from '../platform/lazy-page.tsx';

/** The form is opened by officers only, now and then: its code (the date field's with it) stays out of the unit page's. */
const HouseholdForm = lazyPage(() => import('./household-form.tsx').then((module) => module.HouseholdForm));

/** Household records are personal data (Decree 13/2023): only accounts scoped to the village see them. */
export function HouseholdRegister({ village }: { village: OrgUnit }) {
  const { t } = useI18n();
  const { me } = useSession();
  // `?ho=` names one household (paths.household, from the dashboard's data checks): the register opens filtered to it.
  const household = new URLSearchParams(useLocation().search).get('ho') ?? '';
  const title = useRef<HTMLHeadingElement>(null);
  return (
    <section class="section" aria-labelledby="register-title">
      <h2 id="register-title" ref={title} tabIndex={household ? -1 : undefined}>
        {t('households.title')}
      </h2>
      {me === undefined && <Loading lines={2} />}
      {me === null && (
        <div class="notice notice-info">
          <p>{t('households.private')}</p>
          <Link class="button button-secondary" href={paths.login(household ? paths.household(village.code, household) : paths.unit(village.code))}>
            {t('households.login')}
          </Link>
        </div>
      )}
      {me && <RegisterTable village={village} household={household} title={title} />}
    </section>
  );
}

function RegisterTable({ village, household, title }: { village: OrgUnit; household: string; title: RefObject<HTMLHeadingElement> }) {
  const { t, text } = useI18n();
  const [offset, setOffset] = useState(0);
  const [search, setSearch] = useState(household);
  const [editing, setEditing] = useState<Household | 'new' | null>(null);
  const [saved, setSaved] = useState('');
  const addButton = useRef<HTMLButtonElement>(null);
  const query = useDebounced(search, 300);
  const page = useApi<Page<Household>>(householdsUrl(village.code, offset, query), { keepPrevious: true });
  const shown = !!page.data;
  useEffect(() => {
    // Sent here for one household, the reader came for the register: move there once it has loaded, not to the page's top.
    if (household && shown) title.current?.focus();
  }, [household, shown, title]);
  const wasEditing = useRef(false);
  useEffect(() => {
    // When the form closes, focus goes back to the register's first control rather than to the page's top.
    if (wasEditing.current && editing === null) addButton.current?.focus();
    wasEditing.current = editing !== null;
  }, [editing]);

  if (page.error?.status === 403) {
    return (
      <div class="notice notice-info">
        <p>{t('households.out_of_scope')}</p>
        <p class="muted">{text(page.error.text)}</p>
      </div>
    );
  }

  const close = (message: string) => {
    setEditing(null);
    setSaved(message);
    if (message) page.reload();
  };

  return (
    <>
      <div class="list-tools">
        <SearchField
          id="household-search"
          label={t('households.search')}
          value={search}
          onSearch={(text) => {
            setSearch(text);
            setOffset(0);
          }}
        />
        <button ref={addButton} type="button" class="button button-primary" onClick={() => setEditing('new')} disabled={editing !== null}>
          {t('households.add')}
        </button>
      </div>
      <div role="status">{saved && !editing && <p class="notice notice-success">{saved}</p>}</div>
      {editing && (
        <HouseholdForm
          key={editing === 'new' ? 'new' : editing.id}
          villageCode={village.code}
          household={editing === 'new' ? null : editing}
          onDone={close}
          onConflict={() => close('')}
        />
      )}
      {page.error && <ErrorNotice error={page.error} onRetry={page.reload} />}
      {!page.data && !page.error && <Loading lines={6} />}
      {page.data && page.data.total === 0 && <Empty>{t(query ? 'households.none_found' : 'households.none')}</Empty>}
      {page.data && page.data.items.length > 0 && (
        <TableBox
          id="register-caption"
          title={t('households.caption', { village: village.name, total: formatNumber(page.data.total) })}
          busy={page.loading}
          tableClass="table-sticky"
        >
          <thead>
            <tr>
              <th scope="col">{t('households.label')}</th>
              {SURVEY_FIELDS.map((field) => (
                <th key={field} scope="col" class={field === 'homeFtth' ? undefined : 'num'}>
                  {t(`survey.${field}_short`)}
                </th>
              ))}
              <th scope="col">{t('survey.surveyedOn')}</th>
              <th scope="col" class="actions">
                <span class="visually-hidden">{t('households.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.data.items.map((household) => (
              <HouseholdRow key={household.id} household={household} onEdit={() => setEditing(household)} editable={editing === null} />
            ))}
          </tbody>
        </TableBox>
      )}
      {page.data && (
        <Pager total={page.data.total} offset={offset} limit={HOUSEHOLD_PAGE} onOffset={setOffset} label={t('pager.label', { what: t('households.title') })} />
      )}
    </>
  );
}

function HouseholdRow({ household, onEdit, editable }: { household: Household; onEdit: () => void; editable: boolean }) {
  const { t } = useI18n();
  const survey = household.latest;
  return (
    <tr>
      <th scope="row">
        {household.label}
        {household.archived && <span class="badge badge-muted">{t('households.archived_badge')}</span>}
      </th>
      {SURVEY_FIELDS.map((field) =>
        field === 'homeFtth' ? (
          <td key={field}>{survey ? t(survey.homeFtth ? 'common.yes' : 'common.no') : NO_VALUE}</td>
        ) : (
          <td key={field} class="num">
            {formatNumber(survey?.[field])}
          </td>
        ),
      )}
      <td class="nowrap">{formatDate(survey?.surveyedOn)}</td>
      <td class="actions">
        {!household.archived && (
          <button
            type="button"
            class="button button-small"
            onClick={onEdit}
            disabled={!editable}
            aria-label={t('households.edit_named', { label: household.label })}
          >
            {t('households.edit')}
          </button>
        )}
      </td>
    </tr>
  );
}
