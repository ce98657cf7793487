import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { ApiError } from './api.ts';
import { formatNumber } from './format.ts';
import { useI18n } from './i18n.ts';

/** Placeholder lines of the height the content will take, so nothing jumps when it arrives. */
export function Loading({ lines = 3 }: { lines?: number }) {
  const { t } = useI18n();
  return (
    <div class="loading" role="status">
      <span class="visually-hidden">{t('status.loading')}</span>
      {Array.from({ length: lines }, (_, i) => (
        <span key={i} class="loading-line" aria-hidden="true" />
      ))}
    </div>
  );
}

export function ErrorNotice({ error, onRetry, retryLabel }: { error: ApiError; onRetry?: () => void; retryLabel?: string }) {
  const { t, text } = useI18n();
  return (
    <div class="notice notice-error" role="alert">
      <p>{text(error.text)}</p>
      {onRetry && (
        <button type="button" class="button button-secondary" onClick={onRetry}>
          {retryLabel ?? t('action.retry')}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** Previous / next over `total` rows; says which rows are shown so a long list stays oriented. */
export function Pager(props: { total: number; offset: number; limit: number; onOffset: (offset: number) => void; label: string }) {
  const { t } = useI18n();
  const { total, offset, limit, onOffset, label } = props;
  if (total <= limit) return null;
  const last = Math.min(offset + limit, total);
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" class="button button-secondary" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        {t('pager.previous')}
      </button>
      <span class="pager-range">{t('pager.range', { first: formatNumber(offset + 1), last: formatNumber(last), total: formatNumber(total) })}</span>
      <button type="button" class="button button-secondary" disabled={last >= total} onClick={() => onOffset(offset + limit)}>
        {t('pager.next')}
      </button>
    </nav>
  );
}

/** The tab title follows the page, in the current language. */
export function useTitle(title: string | undefined): void {
  const { t } = useI18n();
  const product = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} · ${product}` : product;
  }, [title, product]);
}
