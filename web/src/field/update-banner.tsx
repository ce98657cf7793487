import { useFieldI18n } from './field.i18n.ts';
import { applyUpdate, useUpdateState } from './service-worker.ts';

/**
 * "Có phiên bản mới — Cập nhật": the only way a new version replaces the running one. A strip in
 * the sticky top, so it is seen from the middle of a long form without taking it over.
 */
export function UpdateBanner() {
  const { t } = useFieldI18n();
  const { needRefresh } = useUpdateState();
  return (
    <div role="status" class="update-slot">
      {needRefresh && (
        <div class="update-banner">
          <p>
            <strong>{t('update.ready')}</strong>
            <span class="update-note">{t('update.note')}</span>
          </p>
          <button type="button" class="button button-primary update-action" onClick={applyUpdate}>
            {t('update.action')}
          </button>
        </div>
      )}
    </div>
  );
}
