import { useState } from 'preact/hooks';
import { isTrainingTopic, TOPIC_NAMES } from '../../../src/teams/fieldwork.rules.ts';
import { formatDate, formatDateTime } from '../platform/format.ts';
import { Link } from '../platform/router.tsx';
import { Empty } from '../platform/status.tsx';
import { useField } from './field-context.ts';
import { useFieldI18n, type FieldI18n } from './field.i18n.ts';
import { Missing, Screen, useScreenTitle } from './field-parts.tsx';
import { fieldPaths } from './field.routes.ts';
import type { OutboxItem } from './field.types.ts';
import { HouseholdRegisterForm } from './household-register-form.tsx';
import { HouseholdUpdateForm } from './household-update-form.tsx';
import type { HouseholdView } from './sync.rules.ts';
import { TrainingFixPage } from './training-page.tsx';
import { VisitForm } from './visit-form.tsx';

/** One line saying what a mutation was: "Hỗ trợ Hộ 012, ngày 01/08/2025". */
function describe(item: OutboxItem, households: readonly HouseholdView[] | undefined, { t, lang }: FieldI18n): string {
  const label = (id: string) => households?.find((h) => h.id === id)?.label ?? '—';
  switch (item.kind) {
    case 'visit.record':
      return t('kind.visit.record', { label: label(item.payload.householdId), date: formatDate(item.payload.visitedOn) });
    case 'training.record': {
      const topic = item.payload.topic;
      return t('kind.training.record', { topic: isTrainingTopic(topic) ? TOPIC_NAMES[topic][lang] : topic, date: formatDate(item.payload.heldOn) });
    }
    case 'household.update':
      return t('kind.household.update', { label: label(item.payload.householdId), date: formatDate(item.payload.survey.surveyedOn) });
    case 'household.register':
      return t('kind.household.register', { label: item.payload.label });
    // The courier app's kinds, which never reach the field app's outbox.
    case 'parcel.deliver':
    case 'parcel.fail':
    case 'route.reorder':
      return item.kind;
  }
}

/**
 * "Cần xử lý": what the server refused, with its reason. Nothing here disappears by itself: the
 * user fixes and resends it (a new mutation; the old one is marked fixed) or drops it, after
 * confirming.
 */
export function NeedsAttention() {
  const i18n = useFieldI18n();
  const { t } = i18n;
  const { outbox, households } = useField();
  const items = outbox.filter((item) => item.state === 'needs_attention');
  useScreenTitle(t('attention.title'));
  return (
    <Screen id="attention" title={t('attention.title')} notice>
      {items.length === 0 ? (
        <Empty>{t('attention.none')}</Empty>
      ) : (
        <>
          <p>{t('attention.intro')}</p>
          <ul class="attention-list">
            {items.map((item) => (
              <AttentionCard key={item.id} item={item} title={describe(item, households, i18n)} />
            ))}
          </ul>
        </>
      )}
    </Screen>
  );
}

function AttentionCard({ item, title }: { item: OutboxItem; title: string }) {
  const { t, text, shell } = useFieldI18n();
  const { store, client, announce } = useField();
  const [confirming, setConfirming] = useState(false);
  const titleId = `attention-${item.id}`;

  const drop = async () => {
    await store.discard(item.id);
    announce(t('attention.dropped'), fieldPaths.attention());
    // A drop the server stored is told to it with the next sync.
    void client.sync('drop');
  };

  const server = item.status === 'conflict' ? item.server : undefined;
  return (
    <li class="card attention-item" aria-labelledby={titleId}>
      <h2 id={titleId} class="attention-title">
        {title}
      </h2>
      <p class="attention-meta">
        <span class="badge badge-attention">{t(item.status === 'conflict' ? 'attention.conflict' : 'attention.rejected')}</span>
        <span class="muted">{t('attention.saved_at', { time: formatDateTime(item.createdAt) })}</span>
      </p>
      {item.lastError && <p class="attention-reason">{t('attention.reason', { reason: text(item.lastError.message) })}</p>}
      {server && <p class="muted">{t('attention.server_version', { n: server.version, date: formatDate(server.latest?.surveyedOn) })}</p>}
      {!confirming ? (
        <div class="form-actions">
          <Link class="button button-primary" href={fieldPaths.fix(item.id)}>
            {t('attention.fix')}
          </Link>
          <button type="button" class="button button-danger-quiet" onClick={() => setConfirming(true)}>
            {t('attention.drop')}
          </button>
        </div>
      ) : (
        <div class="notice notice-warning" role="alert">
          <p>{t('attention.drop_confirm')}</p>
          <div class="form-actions">
            <button type="button" class="button button-danger" onClick={() => void drop()}>
              {t('attention.drop_yes')}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setConfirming(false)}>
              {shell.t('action.cancel')}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

/** "Sửa và gửi lại": the refused change in its own form, as it was typed. */
export function FixMutation({ id }: { id: string }) {
  const { t } = useFieldI18n();
  const { outbox } = useField();
  const item = outbox.find((candidate) => candidate.id === id && candidate.state === 'needs_attention');
  useScreenTitle(t('attention.fix'));
  if (!item) return <Missing back={{ href: fieldPaths.attention(), label: t('attention.title') }} message={t('attention.not_found')} />;
  switch (item.kind) {
    case 'visit.record':
      return <VisitForm householdId={item.payload.householdId} fixing={item} />;
    case 'household.update':
      return <HouseholdUpdateForm householdId={item.payload.householdId} fixing={item} />;
    case 'training.record':
      return <TrainingFixPage item={item} />;
    case 'household.register':
      return <HouseholdRegisterForm fixing={item} />;
  }
}
