import type { OutboxItem } from '../web/src/field/field.types.ts';

/** What the field app's unit tests share: a household and a visit waiting in its outbox. */

export const H1 = '0190a000-0000-7000-8000-000000000001';

/** A support visit to H1 saved by account a1, waiting to be sent. */
export function waitingVisit(id: string, { people = 1, ...changes }: Partial<OutboxItem> & { people?: number } = {}): OutboxItem {
  return {
    id,
    accountId: 'a1',
    createdAt: '2025-08-01T01:00:00Z',
    attempts: 0,
    lastError: null,
    state: 'pending',
    kind: 'visit.record',
    payload: { id: `v-${id}`, householdId: H1, visitedOn: '2025-08-01', activities: [{ code: 'vneid_level2', people }], residentsGuided: 0 },
    ...changes,
  } as OutboxItem;
}
