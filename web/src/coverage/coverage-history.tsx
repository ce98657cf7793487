import type { z } from 'zod';
import { bestStableTechnology } from '../../../src/coverage/coverage.rules.ts';
import type { villageCoverage } from '../../../src/coverage/coverage.schema.ts';
import { formatDate, todayInVietnam } from '../platform/format.ts';
import { useI18n, type I18n } from '../platform/i18n.ts';
import { Empty, ErrorNotice, Loading } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { broadbandTimeline, mobileTimeline, type BroadbandStep, type MobileStep } from './coverage-timeline.rules.ts';

type Coverage = z.infer<typeof villageCoverage>;

interface OperatorStory<S> {
  code: string;
  name: string;
  steps: S[];
}

/** Each operator that has records, in the API's order, with its records read as a timeline. */
function perOperator<R extends { operatorCode: string }, S>(coverage: Coverage, records: R[], timeline: (records: R[]) => S[]): OperatorStory<S>[] {
  return coverage.operators
    .map((operator) => ({ ...operator, records: records.filter((record) => record.operatorCode === operator.code) }))
    .filter((operator) => operator.records.length > 0)
    .map(({ code, name, records: own }) => ({ code, name, steps: timeline(own) }));
}

/** A village's coverage over time, per operator: how Hin Đăm went from no signal to stable 4G. */
export function CoverageHistory({ villageCode }: { villageCode: string }) {
  const { t } = useI18n();
  const coverage = useApi<Coverage>(`/api/villages/${villageCode}/coverage`);
  return (
    <section class="section" aria-labelledby="coverage-title">
      <h2 id="coverage-title">{t('coverage.title')}</h2>
      {coverage.error && <ErrorNotice error={coverage.error} onRetry={coverage.reload} />}
      {!coverage.data && !coverage.error && <Loading lines={4} />}
      {coverage.data && <CoverageView coverage={coverage.data} />}
    </section>
  );
}

function CoverageView({ coverage }: { coverage: Coverage }) {
  const { t } = useI18n();
  // The village's standing today, as the indicator VIL_NO_MOBILE counts it: best stable technology of any operator.
  const best = coverage.mobile.length ? bestStableTechnology(coverage.mobile, todayInVietnam()) : undefined;
  const covered = best !== undefined && best !== null && best !== '2G';
  return (
    <div class="coverage">
      {best !== undefined && (
        <p class={covered ? 'coverage-now' : 'coverage-now coverage-now-gap'}>{covered ? t('coverage.now', { technology: best }) : t('coverage.white_spot')}</p>
      )}
      <h3>{t('coverage.mobile')}</h3>
      <OperatorTimelines
        stories={perOperator(coverage, coverage.mobile, mobileTimeline)}
        describe={describeMobile}
        title={t('coverage.mobile')}
        never={t('coverage.no_signal')}
      />
      <h3>{t('coverage.broadband')}</h3>
      <OperatorTimelines
        stories={perOperator(coverage, coverage.broadband, broadbandTimeline)}
        describe={describeBroadband}
        title={t('coverage.broadband')}
        never={t('coverage.no_fiber')}
      />
    </div>
  );
}

type Level = 'stable' | 'unstable' | 'none';
type Describe<S> = (step: S, t: I18n['t']) => [Level, string];

const describeMobile: Describe<MobileStep> = (step, t) => {
  const parts: string[] = [];
  if (step.stable) parts.push(`${step.stable} · ${t('coverage.quality_stable')}`);
  if (step.unstable) parts.push(`${step.unstable} · ${t('coverage.quality_unstable')}`);
  const level: Level = step.stable ? 'stable' : step.unstable ? 'unstable' : 'none';
  return [level, parts.length ? parts.join('; ') : t('coverage.no_signal')];
};

const describeBroadband: Describe<BroadbandStep> = (step, t) => {
  if (step.ftthAvailable) return ['stable', t('coverage.ftth_available')];
  if (step.fiberReaches) return ['unstable', t('coverage.fiber_reaches')];
  return ['none', t('coverage.no_fiber')];
};

/**
 * A timeline per operator that ever offered something; the operators that never did share one
 * line, so a remote village's page is not a column of identical "no signal" cards.
 */
function OperatorTimelines<S extends { observedOn: string }>(props: { stories: OperatorStory<S>[]; describe: Describe<S>; title: string; never: string }) {
  const { t } = useI18n();
  const { stories, describe } = props;
  if (!stories.length) return <Empty>{t('coverage.none_recorded')}</Empty>;
  const never = stories.filter((story) => story.steps.every((step) => describe(step, t)[0] === 'none'));
  const some = stories.filter((story) => !never.includes(story));
  return (
    <>
      {some.length > 0 && (
        <div class="operator-grid">
          {some.map((story) => (
            <section key={story.code} class="operator card" aria-label={`${props.title}: ${story.name}`}>
              <h4>{story.name}</h4>
              <ol class="timeline">
                {story.steps.map((step) => {
                  const [level, words] = describe(step, t);
                  return (
                    <li key={step.observedOn} class={`timeline-item quality-${level}`}>
                      <time dateTime={step.observedOn}>{formatDate(step.observedOn)}</time>
                      <span class="timeline-value">{words}</span>
                    </li>
                  );
                })}
              </ol>
            </section>
          ))}
        </div>
      )}
      {never.length > 0 && (
        <p class="operators-never">
          <span class="operators-never-label">{props.never}:</span> {never.map((story) => story.name).join(', ')}
        </p>
      )}
    </>
  );
}
