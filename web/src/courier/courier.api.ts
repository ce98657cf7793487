import type { PushRequest } from '../../../src/sync/sync.schema.ts';
import { api } from '../platform/api.ts';
import type { Me } from '../accounts/session.ts';
import { checkSession, notAnAnswer, pushBatch, tellDropped, withTimeout } from '../field/sync.api.ts';
import type { SyncTransport } from '../field/sync-client.ts';
import type { CourierPage } from './courier.store.ts';

/** Sent with every push, so the officers' list of devices shows which build a phone runs. */
const APP_VERSION = 'courier-1';

/** The courier app's requests: the field app's push, the day's route as its pull. */
export function courierTransport(onSession: (me: Me) => void): SyncTransport<CourierPage> {
  return {
    async session() {
      const me = await checkSession();
      if (me) onSession(me);
      return me !== null;
    },
    push: (request: PushRequest, timeoutMs: number) => pushBatch(request, timeoutMs, APP_VERSION),
    async pull({ cursor }, timeoutMs) {
      const day = await withTimeout(timeoutMs, (signal) =>
        api.get<CourierPage>('/api/delivery/courier/day', { query: { cursor: cursor ?? undefined }, signal }),
      );
      if (!day || typeof day.cursor !== 'string') throw notAnAnswer();
      return { ...day, more: false };
    },
    dropped: tellDropped,
  };
}
