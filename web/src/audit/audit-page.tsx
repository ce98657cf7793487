import { useState } from 'preact/hooks';
import { isProvinceAdmin, useSession } from '../accounts/session.ts';
import { withQuery } from '../platform/api.ts';
import { formatDateTime, formatNumber, NO_VALUE } from '../platform/format.ts';
import { useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading, Pager, useTitle } from '../platform/status.tsx';
import { TableBox } from '../platform/table-box.tsx';
import { useApi } from '../platform/use-api.ts';
import type { Page } from '../territory/territory.api.ts';

interface AuditEntry {
  id: string;
  at: string;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  orgUnitCode: string | null;
  outcome: 'ok' | 'denied';
  before: unknown;
  after: unknown;
}

const AUDIT_PAGE = 50;

/** Who changed what, and who was refused: for the province's administrators. */
export function AuditPage() {
  const { t } = useI18n();
  const { me } = useSession();
  useTitle(t('audit.title'));
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <p class="lead">{t('audit.lead')}</p>
      {me === undefined && <Loading />}
      {me === null && (
        <div class="notice notice-info">
          <p>{t('audit.login')}</p>
          <Link class="button button-secondary" href={paths.login(paths.audit())}>
            {t('nav.login')}
          </Link>
        </div>
      )}
      {me && !isProvinceAdmin(me) && (
        <div class="notice notice-info">
          <p>{t('audit.forbidden')}</p>
        </div>
      )}
      {isProvinceAdmin(me) && <AuditTable />}
    </section>
  );
}

function AuditTable() {
  const { t } = useI18n();
  const [offset, setOffset] = useState(0);
  const page = useApi<Page<AuditEntry>>(withQuery('/api/audit', { limit: AUDIT_PAGE, offset }), { keepPrevious: true });
  if (page.error) return <ErrorNotice error={page.error} onRetry={page.reload} />;
  if (!page.data) return <Loading lines={8} />;
  if (page.data.total === 0) return <Empty>{t('audit.none')}</Empty>;
  return (
    <>
      <TableBox id="audit-caption" title={t('audit.caption', { total: formatNumber(page.data.total) })} busy={page.loading} tableClass="table-audit">
        <thead>
          <tr>
            <th scope="col">{t('audit.at')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.entity')}</th>
            <th scope="col">{t('audit.outcome')}</th>
            <th scope="col">{t('audit.changes')}</th>
          </tr>
        </thead>
        <tbody>
          {page.data.items.map((entry) => (
            <tr key={entry.id}>
              <td class="nowrap">
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              </td>
              <td>{entry.actorName ?? t('audit.anonymous')}</td>
              <td>
                <code>{entry.action}</code>
              </td>
              <td>
                {entry.entity}
                {entry.entityId && <span class="muted"> · {entry.entityId}</span>}
                {entry.orgUnitCode && (
                  <>
                    {' · '}
                    <Link href={paths.unit(entry.orgUnitCode)}>{entry.orgUnitCode}</Link>
                  </>
                )}
              </td>
              <td>
                <span class={entry.outcome === 'ok' ? 'badge badge-ok' : 'badge badge-denied'}>{t(`audit.outcome_${entry.outcome}`)}</span>
              </td>
              <td>
                <Changes before={entry.before} after={entry.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </TableBox>
      <Pager total={page.data.total} offset={offset} limit={AUDIT_PAGE} onOffset={setOffset} label={t('pager.label', { what: t('audit.title') })} />
    </>
  );
}

/** Before and after as JSON text, folded away: most reviews need only the first five columns. */
function Changes({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useI18n();
  if (before == null && after == null) return <span class="muted">{NO_VALUE}</span>;
  return (
    <details class="changes">
      <summary>{t('audit.show_changes')}</summary>
      {before != null && (
        <>
          <p class="changes-label">{t('audit.before')}</p>
          <pre>{JSON.stringify(before, null, 2)}</pre>
        </>
      )}
      {after != null && (
        <>
          <p class="changes-label">{t('audit.after')}</p>
          <pre>{JSON.stringify(after, null, 2)}</pre>
        </>
      )}
    </details>
  );
}
