import { useI18n } from '../platform/i18n.ts';

/** Demo data must never pass for real data: every generated unit carries this mark. */
export function DemoBadge({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  return <span class={compact ? 'badge badge-demo badge-compact' : 'badge badge-demo'}>{t(compact ? 'demo.badge_short' : 'demo.badge')}</span>;
}

/** Why the figures on a generated unit are not real, and what is. */
export function DemoBanner() {
  const { t } = useI18n();
  return (
    <aside class="notice notice-demo" aria-label={t('demo.badge')}>
      <p>
        <strong>{t('demo.badge')}.</strong> {t('demo.banner')}
      </p>
    </aside>
  );
}

/** Hin Đăm and Lăng Đồng are real, named in the provincial report; their households are still generated. */
export function ReportNote() {
  const { t } = useI18n();
  return (
    <aside class="notice notice-info" aria-label={t('report.label')}>
      <p>{t('report.note')}</p>
    </aside>
  );
}
