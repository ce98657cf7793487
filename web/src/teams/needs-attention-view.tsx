import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Survey } from '../../../src/households/household.schema.ts';
import { ACTIVITY_NAMES, isTrainingTopic, isVisitActivity, TOPIC_NAMES } from '../../../src/teams/fieldwork.rules.ts';
import { may, useSession } from '../accounts/session.ts';
import { asApiError, type ApiError } from '../platform/api.ts';
import { formatDate, formatDateTime, formatNumber, NO_VALUE } from '../platform/format.ts';
import { useI18n, type MessageKey } from '../platform/i18n.ts';
import { Empty, ErrorNotice, Loading } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { needsAttentionUrl, resolveMutation, type AttentionItem, type Resolution } from './team-activity.api.ts';
import { compareSurveys, isRecord, groupByVillage, phoneBaseVersion, phoneName, phoneSurvey, resolutionsFor, type ComparedField } from './sync-review.rules.ts';

const FIELD_LABELS: Record<ComparedField, MessageKey> = {
  surveyedOn: 'survey.surveyedOn',
  members: 'survey.members',
  adults: 'survey.adults',
  smartphoneOwners: 'survey.smartphoneOwners',
  epayAdults: 'survey.epayAdults',
  homeFtth: 'survey.homeFtth',
  vneidUsers: 'survey.vneidUsers',
  ehealthUsers: 'survey.ehealthUsers',
  bankingUsers: 'survey.bankingUsers',
};

const KIND_LABELS: Record<string, MessageKey> = {
  'visit.record': 'review.kind.visit.record',
  'training.record': 'review.kind.training.record',
  'household.update': 'review.kind.household.update',
  'household.register': 'review.kind.household.register',
};

/** "Cần xử lý": the phone changes of a unit the server refused or found in conflict, each with its way out. */
export function NeedsAttentionView({ unit, unitName, onResolved }: { unit: string; unitName: string; onResolved: () => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  const list = useApi<{ total: number; items: AttentionItem[] }>(needsAttentionUrl(unit));
  // Settled items leave at once; reloading the list would move everything under the officer's eyes.
  const [settled, setSettled] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [failures, setFailures] = useState<ReadonlyMap<string, ApiError>>(new Map());
  const [announcement, setAnnouncement] = useState('');
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);

  const items = useMemo(() => (list.data?.items ?? []).filter((item) => !settled.has(item.id)), [list.data, settled]);
  const groups = useMemo(() => groupByVillage(items), [items]);
  const ordered = groups.flatMap((g) => g.items);
  const mayResolveAny = items.some((item) => may(me, 'sync:resolve', item.villageCode ?? unit));

  // The button that was pressed is gone with its item: focus goes to the next item (or the list's
  // title), so a keyboard or screen-reader user goes on from where they were, not from the top.
  // A layout effect: focus moves in the same frame the item leaves, never a frame later.
  useLayoutEffect(() => {
    if (!focusTarget) return;
    const next = focusTarget === 'title' ? titleRef.current : document.getElementById(`attention-${focusTarget}`);
    next?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const householdOf = (item: AttentionItem) => item.householdLabel ?? t('review.household_unknown');

  const resolve = (item: AttentionItem, resolution: Resolution) => {
    setBusy(item.id);
    const index = ordered.findIndex((i) => i.id === item.id);
    const neighbour = ordered[index + 1] ?? ordered[index - 1];
    resolveMutation(item.id, resolution).then(
      () => {
        setBusy(null);
        setSettled((previous) => new Set(previous).add(item.id));
        setAnnouncement(t(resolution === 'applied_phone' ? 'review.done.applied_phone' : 'review.done.kept_server', { household: householdOf(item) }));
        setFocusTarget(neighbour?.id ?? 'title');
        onResolved();
      },
      (error: unknown) => {
        setBusy(null);
        setFailures((previous) => new Map(previous).set(item.id, asApiError(error)));
      },
    );
  };

  const title = t('review.attention_title', { name: unitName });
  return (
    <section class="review" aria-labelledby="attention-title">
      <h2 id="attention-title" ref={titleRef} tabIndex={-1}>
        {title}
      </h2>
      <p class="muted">{t('review.attention_intro')}</p>
      <p class="review-announce" role="status" aria-live="polite">
        {announcement}
      </p>
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {!list.data ? (
        !list.error && <Loading lines={6} />
      ) : items.length === 0 ? (
        <Empty>
          <span class="review-ok" aria-hidden="true">
            ✓
          </span>{' '}
          {t('review.attention_none', { name: unitName })}
        </Empty>
      ) : (
        <>
          <p>
            {t('review.attention_count', { count: formatNumber(Math.max(items.length, list.data.total - settled.size)) })}
            {list.data.total > list.data.items.length && <> {t('review.attention_more', { shown: formatNumber(list.data.items.length) })}</>}
          </p>
          {mayResolveAny ? <p class="muted review-hint">{t('review.resolve_hint')}</p> : <p class="notice notice-info">{t('review.no_permission')}</p>}
          {groups.map((group) => (
            <section key={group.code ?? '-'} class="review-group" aria-labelledby={`attention-group-${group.code ?? 'none'}`}>
              <h3 id={`attention-group-${group.code ?? 'none'}`}>
                {group.name ? t('review.village_group', { name: group.name }) : t('review.village_unknown')}
              </h3>
              <ol class="review-list">
                {group.items.map((item) => (
                  <li key={item.id}>
                    <AttentionCard
                      item={item}
                      household={householdOf(item)}
                      resolutions={may(me, 'sync:resolve', item.villageCode ?? unit) ? resolutionsFor(item) : []}
                      busy={busy === item.id}
                      disabled={busy !== null}
                      failure={failures.get(item.id)}
                      onResolve={(resolution) => resolve(item, resolution)}
                    />
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </>
      )}
    </section>
  );
}

function AttentionCard(props: {
  item: AttentionItem;
  household: string;
  resolutions: Resolution[];
  busy: boolean;
  disabled: boolean;
  failure: ApiError | undefined;
  onResolve: (resolution: Resolution) => void;
}) {
  const { t, text } = useI18n();
  const { item, household, resolutions, busy, disabled, failure, onResolve } = props;
  const kind = KIND_LABELS[item.kind] ? t(KIND_LABELS[item.kind]!) : item.kind;
  const phone = phoneName(item.deviceId);
  const received = formatDateTime(item.receivedAt);
  const survey = phoneSurvey(item);
  const titleId = `attention-${item.id}`;
  const actionLabel = (resolution: Resolution) =>
    t(
      resolution === 'applied_phone'
        ? 'review.resolve.applied_phone'
        : item.status === 'conflict'
          ? 'review.resolve.kept_server'
          : 'review.resolve.kept_server_rejected',
    );

  return (
    <article class={`review-item review-item-${item.status}`} aria-labelledby={titleId} data-mutation={item.id}>
      <h4 id={titleId} tabIndex={-1} class="review-item-title">
        <span>{household}</span> <span class="review-kind">· {kind}</span>{' '}
        <span class={`badge review-status review-status-${item.status}`}>
          {t(item.status === 'conflict' ? 'review.status.conflict' : 'review.status.rejected')}
        </span>
      </h4>
      <dl class="review-meta">
        <div>
          <dt>{t('review.who')}</dt>
          <dd>
            {item.account.displayName} <span class="muted">({item.account.username})</span>
          </dd>
        </div>
        <div>
          <dt>{t('review.phone')}</dt>
          <dd>{phone ? t('review.phone_name', { name: phone }) : t('review.phone_unknown')}</dd>
        </div>
        <div>
          <dt>{t('review.when')}</dt>
          <dd>{item.recordedAt ? t('review.when_value', { recorded: formatDateTime(item.recordedAt), received }) : t('review.when_received', { received })}</dd>
        </div>
        <div class="review-reason">
          <dt>{t('review.reason')}</dt>
          <dd>
            {item.error ? text(item.error.message) : t('review.reason_none')}
            {item.error?.issues && item.error.issues.length > 0 && (
              <ul>
                {item.error.issues.map((issue, k) => (
                  <li key={k}>{text(issue.message)}</li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      {item.status === 'conflict' && survey ? <Comparison item={item} phone={survey} /> : <SentDetails item={item} survey={survey} />}
      {failure && <ErrorNotice error={failure} />}
      {resolutions.length > 0 && (
        <div class="review-actions">
          {resolutions.map((resolution) => (
            <button
              key={resolution}
              type="button"
              class={`button button-small ${resolution === 'applied_phone' ? '' : 'button-secondary'}`}
              disabled={disabled}
              aria-label={t('review.resolve_for', { action: actionLabel(resolution), household, kind })}
              onClick={() => onResolve(resolution)}
            >
              {busy ? t('review.resolving') : actionLabel(resolution)}
            </button>
          ))}
        </div>
      )}
    </article>
  );
}

function fieldValue(value: Survey[ComparedField] | null, yes: string, no: string): string {
  if (value === null) return NO_VALUE;
  if (typeof value === 'boolean') return value ? yes : no;
  if (typeof value === 'number') return formatNumber(value);
  return formatDate(value);
}

/** The phone's survey beside the server's, a row per field; a difference is said in words and a sign, not only in colour. */
function Comparison({ item, phone }: { item: AttentionItem; phone: Survey }) {
  const { t } = useI18n();
  const server = item.server;
  const rows = compareSurveys(phone, server?.latest ?? null);
  const differing = rows.filter((r) => r.differs).length;
  const base = phoneBaseVersion(item);
  const captionId = `compare-${item.id}`;
  const yes = t('review.yes');
  const no = t('review.no');
  return (
    <div class="review-compare-box">
      {server && base !== null && <p class="muted">{t('review.compare_versions', { base, server: server.version })}</p>}
      {server?.archived && <p class="notice notice-info">{t('review.archived')}</p>}
      {server && !server.latest && <p class="muted">{t('review.no_server_survey')}</p>}
      <div class="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table class="table review-compare">
          <caption id={captionId}>
            {t('review.compare_caption')} — {t('review.differs_count', { count: differing })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('review.col_field')}</th>
              <th scope="col">{t('review.col_on_phone')}</th>
              <th scope="col">{t('review.col_on_server')}</th>
              <th scope="col">{t('review.col_differs')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.field} class={row.differs ? 'review-differs' : undefined}>
                <th scope="row">{t(FIELD_LABELS[row.field])}</th>
                <td class="num">{fieldValue(row.phone, yes, no)}</td>
                <td class="num">{fieldValue(row.server, yes, no)}</td>
                <td>
                  {row.differs ? (
                    <strong class="review-differs-mark">
                      <span aria-hidden="true">≠ </span>
                      {t('review.differs')}
                    </strong>
                  ) : (
                    <span class="muted">{t('review.same')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** What a refused change carried, in words: the officer judges it without opening the phone. */
function SentDetails({ item, survey }: { item: AttentionItem; survey: Survey | null }) {
  const { t, text } = useI18n();
  const payload = isRecord(item.payload) ? item.payload : {};
  const facts: { label: string; value: string }[] = [];
  const str = (value: unknown) => (typeof value === 'string' && value.trim() ? value : null);
  const num = (value: unknown) => (typeof value === 'number' ? formatNumber(value) : NO_VALUE);

  if (item.kind === 'visit.record') {
    const activities = Array.isArray(payload.activities) ? payload.activities.filter(isRecord) : [];
    const named = activities.map((a) => {
      const code = typeof a.code === 'string' ? a.code : '';
      const people = typeof a.people === 'number' ? a.people : 0;
      const name = isVisitActivity({ code, people }) ? text(ACTIVITY_NAMES[code as keyof typeof ACTIVITY_NAMES]) : code;
      return t('review.activity_people', { name, people: formatNumber(people) });
    });
    facts.push({ label: t('review.visit_on'), value: formatDate(str(payload.visitedOn)) });
    facts.push({ label: t('review.activities'), value: named.length > 0 ? named.join('; ') : t('review.activities_none') });
    facts.push({ label: t('review.residents_guided'), value: num(payload.residentsGuided) });
    if (str(payload.note)) facts.push({ label: t('review.note'), value: str(payload.note)! });
  } else if (item.kind === 'training.record') {
    const topic = str(payload.topic);
    facts.push({ label: t('review.held_on'), value: formatDate(str(payload.heldOn)) });
    facts.push({ label: t('review.topic'), value: topic && isTrainingTopic(topic) ? text(TOPIC_NAMES[topic]) : (topic ?? NO_VALUE) });
    facts.push({ label: t('review.attendees'), value: num(isRecord(payload.attendees) ? payload.attendees.total : null) });
  } else if (survey) {
    if (item.kind === 'household.register' && str(payload.label)) facts.push({ label: t('review.label'), value: str(payload.label)! });
    for (const row of compareSurveys(survey, null))
      facts.push({ label: t(FIELD_LABELS[row.field]), value: fieldValue(row.phone, t('review.yes'), t('review.no')) });
  }
  if (facts.length === 0) return null;
  return (
    <details class="review-sent" open={item.kind === 'visit.record' || item.kind === 'training.record'}>
      <summary>{t('review.sent')}</summary>
      <dl class="review-meta">
        {facts.map((fact) => (
          <div key={fact.label}>
            <dt>{fact.label}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
