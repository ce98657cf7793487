import { useI18n } from './platform/i18n.ts';
import { useApi } from './platform/use-api.ts';

interface Health {
  status: string;
  version: string;
  database: { engine: 'pglite' | 'postgresql'; version: string };
}

const ENGINES = { pglite: 'PGlite', postgresql: 'PostgreSQL' } as const;

/** Which version and database answered: the first thing support asks when a figure looks wrong. */
export function SiteFooter() {
  const { t } = useI18n();
  const health = useApi<Health>('/api/health');
  return (
    <footer class="site-footer">
      <div class="site-footer-inner">
        <p>
          {t('footer.about')}{' '}
          <span class="footer-meta">
            {health.data
              ? t('footer.version', {
                  version: health.data.version,
                  engine: ENGINES[health.data.database.engine],
                  databaseVersion: health.data.database.version,
                })
              : health.error
                ? t('footer.offline')
                : '\u00a0'}
          </span>
        </p>
        <p>
          <a href="/api/docs">{t('footer.api')}</a>
        </p>
      </div>
    </footer>
  );
}
