import { useEffect, useState } from 'preact/hooks';
import type { SyncClient, SyncStatus } from './sync-client.ts';

/**
 * What an offline app does with its sync client while it is on screen (the field app, the courier
 * app): follow its status, sync at start, when the network comes back and when the app is shown
 * again, and say so when the phone goes offline. Stopped with the app.
 */
export function useSyncLoop(client: SyncClient): SyncStatus {
  const [status, setStatus] = useState<SyncStatus>(client.status());
  useEffect(() => {
    const unsubscribe = client.subscribe(setStatus);
    const online = () => void client.sync('online');
    const offline = () => client.wentOffline();
    const visible = () => {
      if (document.visibilityState === 'visible') void client.sync('visible');
    };
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    document.addEventListener('visibilitychange', visible);
    void client.sync('start');
    return () => {
      unsubscribe();
      client.stop();
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      document.removeEventListener('visibilitychange', visible);
    };
  }, [client]);
  return status;
}

/** One sync at a time across the app's tabs (Web Locks), under the app's own lock name. */
export function exclusiveAs(lock: string) {
  return <T>(run: () => Promise<T>): Promise<T> =>
    // The lock's callback returns a promise, which request() waits for and unwraps.
    navigator.locks ? (navigator.locks.request(lock, run) as unknown as Promise<T>) : run();
}
