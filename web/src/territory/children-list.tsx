import { useState } from 'preact/hooks';
import { foldForSearch } from '../../../src/platform/text.ts';
import { KIND_NAMES } from '../../../src/territory/territory.rules.ts';
import type { OrgUnitKind } from '../../../src/territory/territory.tables.ts';
import { formatNumber } from '../platform/format.ts';
import { useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading, Pager } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { DemoBadge, DemoBanner } from './demo-notes.tsx';
import { byVietnameseName, CHILDREN_PAGE, childrenUrl, type Level, type OrgUnitSummary, type Page } from './territory.api.ts';
import { SearchField } from '../platform/search-field.tsx';

/**
 * The units under the unit `code` (of `level`). When they fit on one page (65 communes, a
 * commune's villages) the list is sorted in Vietnamese order and filtered in place, diacritics
 * ignored; beyond that it pages.
 */
export function ChildrenList({ code, level }: { code: string; level: Level }) {
  const { t, lang } = useI18n();
  const [offset, setOffset] = useState(0);
  const [filter, setFilter] = useState('');
  const [kind, setKind] = useState<OrgUnitKind | null>(null);
  const page = useApi<Page<OrgUnitSummary>>(childrenUrl(code, offset), { keepPrevious: true });

  const title = t(level === 1 ? 'unit.children_communes' : 'unit.children_villages');
  const all = page.data && page.data.total <= CHILDREN_PAGE ? [...page.data.items].sort(byVietnameseName) : null;
  const kinds = all ? countKinds(all) : [];
  const folded = foldForSearch(filter);
  const shown = all ? all.filter((unit) => (!kind || unit.kind === kind) && (!folded || foldForSearch(unit.name).includes(folded))) : (page.data?.items ?? []);

  return (
    <section class="section" aria-labelledby="children-title">
      <h2 id="children-title">
        {title} {page.data && <span class="count">{formatNumber(page.data.total)}</span>}
      </h2>
      {page.data?.items.some((unit) => unit.isDemo) && <DemoBanner />}
      {page.error && <ErrorNotice error={page.error} onRetry={page.reload} />}
      {!page.data && !page.error && <Loading lines={5} />}
      {page.data && page.data.total === 0 && <Empty>{t('unit.no_children')}</Empty>}
      {all && all.length > 8 && (
        <div class="list-tools">
          <SearchField id="children-filter" label={t('unit.filter_label')} placeholder={t('unit.filter_placeholder')} value={filter} onSearch={setFilter} />
          {kinds.length > 1 && (
            <div class="chips" role="group" aria-label={t('unit.filter_kind')}>
              <button type="button" class="chip" aria-pressed={kind === null} onClick={() => setKind(null)}>
                {t('unit.kind_all')} <span class="count">{all.length}</span>
              </button>
              {kinds.map(([value, count]) => (
                <button key={value} type="button" class="chip" aria-pressed={kind === value} onClick={() => setKind(value)}>
                  {KIND_NAMES[value][lang]} <span class="count">{count}</span>
                </button>
              ))}
            </div>
          )}
        </div>
      )}
      {all && all.length > 0 && shown.length === 0 && <Empty>{t('unit.filter_none', { text: filter })}</Empty>}
      {shown.length > 0 && (
        <ul class="unit-grid" aria-busy={page.loading}>
          {shown.map((unit) => (
            <li key={unit.code}>
              <Link class="unit-card" href={paths.unit(unit.code)}>
                <span class="unit-card-name">{unit.name}</span>
                <span class="unit-card-kind">{KIND_NAMES[unit.kind][lang]}</span>
                {unit.isDemo && <DemoBadge compact />}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {page.data && <Pager total={page.data.total} offset={offset} limit={CHILDREN_PAGE} onOffset={setOffset} label={t('pager.label', { what: title })} />}
    </section>
  );
}

function countKinds(units: OrgUnitSummary[]): [OrgUnitKind, number][] {
  const counts = new Map<OrgUnitKind, number>();
  for (const unit of units) counts.set(unit.kind, (counts.get(unit.kind) ?? 0) + 1);
  return [...counts];
}
