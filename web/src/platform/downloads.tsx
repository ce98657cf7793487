import { useI18n } from './i18n.ts';

/**
 * A table's CSV and .xlsx links. The server writes both files (the same columns, Vietnamese or
 * English headers), so a download is a plain link: it works with the session cookie, shows the
 * browser's progress, and needs no script to build the file on a slow phone.
 */
export function Downloads({ csv, xlsx }: { csv?: string; xlsx?: string }) {
  const { t } = useI18n();
  return (
    <p class="downloads">
      <span class="visually-hidden">{t('download.label')}: </span>
      {csv && (
        <a class="button button-secondary button-small" href={csv} download>
          {t('download.csv')}
        </a>
      )}
      {xlsx && (
        <a class="button button-secondary button-small" href={xlsx} download>
          {t('download.xlsx')}
        </a>
      )}
    </p>
  );
}
