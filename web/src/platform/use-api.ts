import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, asApiError, type ApiError } from './api.ts';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

interface Loaded<T> {
  url: string | null;
  attempt: number;
  data?: T;
  error?: ApiError;
}

/**
 * GETs `url` (null: nothing to load) and reloads when it changes. With `keepPrevious` the last data
 * stays on screen while the next page loads, so paging a table does not make the page jump.
 */
export function useApi<T>(url: string | null, options: { keepPrevious?: boolean } = {}): Resource<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ url: null, attempt: 0 });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    api.get<T>(url, { signal: controller.signal }).then(
      (data) => setLoaded({ url, attempt, data }),
      (error: unknown) => {
        if (!controller.signal.aborted) setLoaded({ url, attempt, error: asApiError(error) });
      },
    );
    return () => controller.abort();
  }, [url, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const sameUrl = loaded.url === url;
  const current = sameUrl && loaded.attempt === attempt;
  return {
    // A retry of the same URL keeps what is on screen; a different unit never shows the previous one's data.
    data: sameUrl || options.keepPrevious ? loaded.data : undefined,
    error: current ? loaded.error : undefined,
    loading: url !== null && !current,
    reload,
  };
}
