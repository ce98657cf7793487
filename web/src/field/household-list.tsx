import { useState } from 'preact/hooks';
import { formatNumber } from '../platform/format.ts';
import { Link, navigate } from '../platform/router.tsx';
import { Empty, Loading } from '../platform/status.tsx';
import { useField } from './field-context.ts';
import { useFieldI18n } from './field.i18n.ts';
import { NeedChips, Screen, useScreenTitle } from './field-parts.tsx';
import { fieldPaths } from './field.routes.ts';
import { countNeeds, filterHouseholds, NEED_FILTERS, readNeedFilter } from './household-search.rules.ts';

/** Enough for a village on one screen; a town quarter's register pages on. */
const PAGE = 100;

/** The village's households with what each still lacks: the team's to-do list. */
export function HouseholdList({ search, need }: { search: string; need: string | null }) {
  const { t } = useFieldI18n();
  const { households, status } = useField();
  const [shown, setShown] = useState(PAGE);
  const filter = readNeedFilter(need);
  useScreenTitle(t('list.title'));

  // Search and filter live in the address: back from a household returns to the same list.
  const setQuery = (text: string, next = filter) => {
    setShown(PAGE);
    navigate(fieldPaths.households(text, next), { replace: true });
  };

  if (!households) return <Loading lines={8} />;
  const counts = countNeeds(households);
  const list = filterHouseholds(households, search, filter);

  return (
    <Screen id="list" title={t('list.title')} notice quietTitle>
      <Link class="button button-secondary button-block add-household" href={fieldPaths.register()}>
        <span aria-hidden="true">+</span>
        {t('list.add')}
      </Link>
      {counts.all === 0 ? (
        status.phase === 'syncing' ? (
          <p class="notice notice-info">{t('list.first_load')}</p>
        ) : (
          <Empty>{t('list.empty')}</Empty>
        )
      ) : (
        <>
          <div class="field list-search">
            <label for="household-search">{t('list.search')}</label>
            <input
              id="household-search"
              type="search"
              autocomplete="off"
              autocapitalize="none"
              spellcheck={false}
              enterkeyhint="search"
              aria-describedby="household-search-hint"
              value={search}
              onInput={(event) => setQuery(event.currentTarget.value)}
            />
            <p id="household-search-hint" class="field-hint">
              {t('list.search_hint')}
            </p>
          </div>
          <div class="need-filter" role="group" aria-label={t('list.filter')}>
            {NEED_FILTERS.filter((n) => n === 'all' || counts[n] > 0).map((n) => (
              <button key={n} type="button" class="chip" aria-pressed={filter === n} onClick={() => setQuery(search, n)}>
                {t(`need.${n}`)} <span class="count">{formatNumber(counts[n])}</span>
              </button>
            ))}
          </div>
          <p class="list-count muted" aria-live="polite">
            {t('list.count', { shown: formatNumber(list.length), total: formatNumber(counts.all) })}
          </p>
          {list.length === 0 ? (
            <Empty>{t('list.none')}</Empty>
          ) : (
            <ul class="household-list">
              {list.slice(0, shown).map((household) => (
                <li key={household.id}>
                  <Link class="household-item" href={fieldPaths.household(household.id)}>
                    <span class="household-item-head">
                      <span class="household-label">{household.label}</span>
                      {household.local && <span class="badge badge-muted">{t('list.new')}</span>}
                      {household.waiting > 0 && <span class="badge badge-waiting">{t('list.waiting')}</span>}
                      {household.attention > 0 && <span class="badge badge-attention">{t('list.attention')}</span>}
                    </span>
                    <span class="household-needs">
                      <NeedChips needs={household.needs} unsurveyed={household.latest === null} />
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {list.length > shown && (
            <button type="button" class="button button-secondary button-block" onClick={() => setShown(shown + PAGE)}>
              {t('list.more', { n: formatNumber(Math.min(PAGE, list.length - shown)) })}
            </button>
          )}
        </>
      )}
    </Screen>
  );
}
