import { lazyPage } from '../platform/lazy-page.tsx';
import { KIND_NAMES } from '../../../src/territory/territory.rules.ts';
import { CoverageHistory } from '../coverage/coverage-history.tsx';
import { HouseholdRegister } from '../households/household-register.tsx';
import { formatDate, formatDecimal, formatNumber } from '../platform/format.ts';
import { useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { ChildrenList } from './children-list.tsx';
import { DemoBadge, DemoBanner, ReportNote } from './demo-notes.tsx';
import { communeDetails, levelOfCode, orgUnitUrl, type OrgUnit } from './territory.api.ts';

// The team panel is a chunk of its own: the shell, which the field app loads too, stays light.
const TeamRoster = lazyPage(() => import('../teams/team-roster.tsx').then((m) => m.TeamRoster));
// So is the unit's scorecard (the dashboard's parts and words).
const UnitScorecard = lazyPage(() => import('../dashboard/unit-scorecard.tsx').then((m) => m.UnitScorecard));

/**
 * Any unit of the territory; the home page is the province's. A unit's level shows in its code,
 * so the list below it (or a village's coverage) is fetched alongside the unit, not after it:
 * one round trip less on a slow connection.
 */
export function OrgUnitPage({ code }: { code: string }) {
  const { t } = useI18n();
  const unit = useApi<OrgUnit>(orgUnitUrl(code));
  useTitle(unit.data?.name ?? (unit.error ? t('error.title') : undefined));

  if (unit.error) {
    return (
      <section aria-labelledby="unit-error">
        <h1 id="unit-error">{t('error.title')}</h1>
        <ErrorNotice error={unit.error} onRetry={unit.error.status === 404 ? undefined : unit.reload} />
        <p>
          <Link href={paths.home()}>{t('nav.home')}</Link>
        </p>
      </section>
    );
  }
  const level = levelOfCode(code);
  // Keyed by code: paging, filters and forms start afresh on each unit.
  return (
    <article key={code} class="unit" aria-labelledby="unit-name">
      {unit.data ? (
        <UnitHead unit={unit.data} />
      ) : (
        <div class="unit-placeholder">
          <Loading lines={6} />
        </div>
      )}
      {unit.data && <UnitScorecard code={code} level={level} parent={parentOf(unit.data)} />}
      {level !== 3 && <ChildrenList code={code} level={level} />}
      {level === 3 && <CoverageHistory villageCode={code} />}
      {level === 3 && unit.data && <TeamRoster village={unit.data} />}
      {level === 3 && unit.data && <HouseholdRegister village={unit.data} />}
    </article>
  );
}

/** The unit whose children a village is ranked among: its commune (communes are ranked in the province). */
function parentOf(unit: OrgUnit): { code: string; name: string } | null {
  const above = unit.ancestors.at(-1);
  return unit.level === 3 && above ? { code: above.code, name: above.name } : null;
}

function UnitHead({ unit }: { unit: OrgUnit }) {
  const { t, lang } = useI18n();
  return (
    <>
      {unit.ancestors.length > 0 && (
        <nav class="breadcrumb" aria-label={t('nav.breadcrumb')}>
          <ol>
            {unit.ancestors.map((ancestor) => (
              <li key={ancestor.code}>
                <Link href={ancestor.level === 1 ? paths.home() : paths.unit(ancestor.code)}>{ancestor.name}</Link>
              </li>
            ))}
            <li aria-current="page">{unit.name}</li>
          </ol>
        </nav>
      )}
      <header class="unit-head">
        <p class="kicker">{KIND_NAMES[unit.kind][lang]}</p>
        <h1 id="unit-name">
          {unit.name} {unit.isDemo && <DemoBadge />}
        </h1>
        {unit.level === 1 && <p class="lead">{t('home.lead')}</p>}
      </header>
      {unit.isDemo && <DemoBanner />}
      {unit.level === 3 && !unit.isDemo && <ReportNote />}
      <UnitFacts unit={unit} />
      {unit.level === 2 && <Predecessors unit={unit} />}
    </>
  );
}

function UnitFacts({ unit }: { unit: OrgUnit }) {
  const { t } = useI18n();
  const details = communeDetails(unit.details);
  // Figures read as large numbers; names and references as text across two columns.
  const figures: [label: string, value: string][] = [[t('unit.code'), unit.code]];
  if (unit.areaKm2 !== null) figures.push([t('unit.area'), t('unit.area_value', { value: formatDecimal(unit.areaKm2) })]);
  if (unit.population !== null) figures.push([t('unit.population'), formatNumber(unit.population)]);
  // No surveyed household is no data, not zero households.
  if (unit.register && unit.register.households > 0) {
    figures.push([t('unit.households'), formatNumber(unit.register.households)]);
    figures.push([t('unit.residents'), formatNumber(unit.register.residents)]);
    figures.push([t('unit.surveyed_on'), formatDate(unit.register.surveyedOn)]);
  }
  const texts: [label: string, value: string][] = [];
  if (unit.ethnicGroups.length) texts.push([t('unit.ethnic_groups'), unit.ethnicGroups.join(', ')]);
  if (details.adminCenter) texts.push([t('unit.admin_center'), details.adminCenter]);
  if (details.resolution) texts.push([t('unit.resolution'), details.resolution]);

  return (
    <section class="section" aria-labelledby="facts-title">
      <h2 id="facts-title" class="visually-hidden">
        {t('unit.facts')}
      </h2>
      <dl class="facts">
        {figures.map(([label, value]) => (
          <div key={label} class="fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        {texts.map(([label, value]) => (
          <div key={label} class="fact fact-text">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {unit.population !== null && unit.level === 2 && <p class="footnote">{t('unit.population_note')}</p>}
      {unit.location && (
        <p class="footnote">
          <a
            href={`https://www.openstreetmap.org/?mlat=${unit.location.latitude}&mlon=${unit.location.longitude}#map=12/${unit.location.latitude}/${unit.location.longitude}`}
            rel="noopener noreferrer"
            target="_blank"
          >
            {t('unit.map')}
          </a>
        </p>
      )}
    </section>
  );
}

function Predecessors({ unit }: { unit: OrgUnit }) {
  const { t } = useI18n();
  const { predecessors } = communeDetails(unit.details);
  if (!predecessors.length) return null;
  return (
    <section class="section" aria-labelledby="predecessors-title">
      <h2 id="predecessors-title">{t('unit.predecessors')}</h2>
      <p class="footnote">{t('unit.predecessors_note')}</p>
      <ul class="plain-list">
        {predecessors.map((predecessor) => (
          <li key={predecessor.code}>
            <strong>{predecessor.name}</strong>
            {predecessor.district && <span class="muted"> · {predecessor.district}</span>}
            <span class="muted"> · {t(predecessor.portion === 'full' ? 'unit.portion_full' : 'unit.portion_partial')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
