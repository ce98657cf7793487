import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { FieldAccount, OutboxItem } from './field.types.ts';
import type { FieldStore } from './field.store.ts';
import type { SyncClient, SyncStatus } from './sync-client.ts';
import type { HouseholdView } from './sync.rules.ts';

/** What every screen of the field app reads: the phone's data, the sync, the signed-in account. */
export interface FieldState {
  store: FieldStore;
  account: FieldAccount;
  client: SyncClient;
  status: SyncStatus;
  /** The village with unsent changes laid over it; undefined until the database answers. */
  households: HouseholdView[] | undefined;
  outbox: OutboxItem[];
  /**
   * A confirmation for the screen at `path`, shown once there. With `saved`, the id of the change
   * just saved: the screen says what became of it (sent and accepted, waiting on the phone, refused),
   * followed by `text` when there is more to say.
   */
  notice: { text: string; path: string; saved?: string | undefined } | null;
  announce: (text: string, path: string, saved?: string) => void;
  clearNotice: () => void;
  /** Saves a change and starts sending it at once if the phone can. */
  save: (...args: Parameters<FieldStore['add']>) => Promise<string>;
}

export const FieldContext = createContext<FieldState | null>(null);

export function useField(): FieldState {
  const state = useContext(FieldContext);
  if (!state) throw new Error('useField outside the field app');
  return state;
}
