import { useEffect, useState } from 'preact/hooks';
import { watch } from './field.store.ts';

/**
 * The result of a query on the phone's database, kept current: it runs again whenever a table it
 * read changes, whether the change came from a form, the sync, or the app open in another tab.
 * `undefined` until the first answer.
 */
export function useWatch<T>(query: () => Promise<T>, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    setValue(undefined);
    return watch(query, setValue, (error) => console.error(error));
  }, deps);
  return value;
}
