import { ACTIVITY_NAMES, isVisitActivity } from '../../../src/teams/fieldwork.rules.ts';
import { SURVEY_FIELDS } from '../households/survey.rules.ts';
import { formatDate, formatNumber } from '../platform/format.ts';
import { Link } from '../platform/router.tsx';
import { Empty, Loading } from '../platform/status.tsx';
import { useField } from './field-context.ts';
import { useFieldI18n } from './field.i18n.ts';
import { Missing, NeedChips, Screen, useScreenTitle } from './field-parts.tsx';
import { fieldPaths } from './field.routes.ts';
import { visitsOf, type HouseholdView, type VisitView } from './sync.rules.ts';
import { useWatch } from './use-watch.ts';

/** One household: what it lacks, its latest survey, its visits; from here a visit is recorded. */
export function HouseholdPage({ id }: { id: string }) {
  const { t } = useFieldI18n();
  const { households, store, outbox } = useField();
  const serverVisits = useWatch(() => store.visitsOf(id), [store, id]);
  const household = households?.find((h) => h.id === id);
  useScreenTitle(household?.label ?? t('hh.back'));

  if (!households || !serverVisits) return <Loading lines={8} />;
  if (!household) return <Missing back={{ href: fieldPaths.households(), label: t('hh.back') }} message={t('hh.not_found')} />;
  const visits = visitsOf(id, serverVisits, outbox);

  return (
    <Screen id="household" title={household.label} back={{ href: fieldPaths.households(), label: t('hh.back') }} notice>
      {household.archived && <p class="notice notice-info">{t('hh.archived')}</p>}
      {household.waiting > 0 && <p class="field-hint">{t('hh.pending_note', { n: household.waiting })}</p>}

      <h2 class="section-title">{t('hh.needs')}</h2>
      <p class="household-needs">
        <NeedChips needs={household.needs} unsurveyed={household.latest === null} />
      </p>

      {!household.archived && (
        <div class="screen-actions">
          <Link class="button button-primary button-block" href={fieldPaths.visit(id)}>
            {t('hh.record_visit')}
          </Link>
          <Link class="button button-secondary button-block" href={fieldPaths.update(id)}>
            {t('hh.update')}
          </Link>
        </div>
      )}

      <SurveyFacts household={household} />

      <h2 class="section-title">{t('hh.visits')}</h2>
      {visits.length === 0 ? (
        <Empty>{t('hh.no_visits')}</Empty>
      ) : (
        <ul class="visit-list">
          {visits.map((visit) => (
            <VisitItem key={visit.id} visit={visit} />
          ))}
        </ul>
      )}
    </Screen>
  );
}

function SurveyFacts({ household }: { household: HouseholdView }) {
  const { t, shell } = useFieldI18n();
  const survey = household.latest;
  if (!survey) return <p class="muted">{t('hh.no_survey')}</p>;
  return (
    <>
      <h2 class="section-title">{t('hh.latest', { date: formatDate(survey.surveyedOn) })}</h2>
      <dl class="survey-facts">
        {SURVEY_FIELDS.map((field) => (
          <div key={field} class="survey-fact">
            <dt>{shell.t(`survey.${field}`)}</dt>
            <dd>{field === 'homeFtth' ? shell.t(survey.homeFtth ? 'common.yes' : 'common.no') : formatNumber(survey[field])}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function VisitItem({ visit }: { visit: VisitView }) {
  const { t, text } = useFieldI18n();
  return (
    <li class={`visit-item visit-${visit.state}`}>
      <p class="visit-head">
        <strong>{formatDate(visit.visitedOn)}</strong>
        {visit.state !== 'server' && (
          <span class={`badge ${visit.state === 'pending' ? 'badge-waiting' : 'badge-attention'}`}>{t(`visit.state_${visit.state}`)}</span>
        )}
      </p>
      <ul class="visit-activities">
        {visit.activities.map((activity) => (
          <li key={activity.code}>
            {isVisitActivity(activity) ? text(ACTIVITY_NAMES[activity.code]) : activity.code} · {t('need.people', { n: activity.people })}
          </li>
        ))}
      </ul>
      {visit.residentsGuided > 0 && <p class="muted">{t('visit.guided_count', { n: visit.residentsGuided })}</p>}
      {visit.note && <p class="visit-note">{visit.note}</p>}
    </li>
  );
}
