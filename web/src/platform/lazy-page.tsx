import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from './i18n.ts';
import { Loading } from './status.tsx';

/**
 * A page whose code is a chunk of its own, fetched the first time the page is opened: each page's
 * weight stays with that page (the field app does not carry the dashboard, nor the other way).
 */
export function lazyPage<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  let loading: Promise<FunctionComponent<P>> | null = null;
  return function LazyPage(props: P) {
    const { t } = useI18n();
    const [Page, setPage] = useState<FunctionComponent<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Page) return;
      loading ??= load().then((component) => (loaded = component));
      loading.then(
        (component) => setPage(() => component),
        (error: unknown) => {
          console.error(error);
          loading = null;
          setFailed(true);
        },
      );
    }, [Page]);
    if (Page) return <Page {...props} />;
    if (failed) {
      return (
        <div class="notice notice-error" role="alert">
          <p>{t('error.network')}</p>
          <button type="button" class="button button-secondary" onClick={() => window.location.reload()}>
            {t('action.retry')}
          </button>
        </div>
      );
    }
    return <Loading lines={6} />;
  };
}
