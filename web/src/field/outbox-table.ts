import type { Table } from 'dexie';
import type { Mutation, OutboxItem, Problem } from './field.types.ts';
import type { Settlement } from './sync.rules.ts';
import { uuidv7 } from './uuidv7.ts';

/**
 * The outbox as both offline apps keep it in IndexedDB (the field app's, the courier app's): one
 * table of mutations by local order, with the id made on the phone. These run inside the caller's
 * transaction when it has one.
 */
export type OutboxTable = Table<OutboxItem, number>;

export const OUTBOX_INDEXES = '++seq, &id, accountId';

/** A new pending mutation of `accountId`; `replaces` when it corrects one the server stored as refused. */
export const newOutboxItem = (mutation: Mutation, accountId: string, replaces?: string): OutboxItem => ({
  ...mutation,
  id: uuidv7(),
  accountId,
  createdAt: new Date().toISOString(),
  attempts: 0,
  lastError: null,
  state: 'pending',
  replaces,
});

export const outboxOf = (table: OutboxTable, accountId: string | null): Promise<OutboxItem[]> =>
  accountId ? table.where('accountId').equals(accountId).sortBy('seq') : Promise.resolve([]);

export async function markSending(table: OutboxTable, ids: readonly string[]): Promise<void> {
  await table
    .where('id')
    .anyOf(ids)
    .modify((item) => {
      item.state = 'sending';
      item.attempts += 1;
    });
}

export async function release(table: OutboxTable, ids: readonly string[], problem: Problem): Promise<void> {
  await table.where('id').anyOf(ids).modify({ state: 'pending', lastError: problem });
}

export async function refuse(table: OutboxTable, id: string, problem: Problem): Promise<void> {
  await table.where('id').equals(id).modify({ state: 'needs_attention', status: 'rejected', lastError: problem, recorded: false });
}

/** An answered push: done ones leave, with what they fixed; refused ones wait for a person; the unanswered go again. */
export async function settleOutbox(table: OutboxTable, { done, attention, retry }: Settlement): Promise<void> {
  const doneIds = done.map(({ item }) => item.id);
  await table.where('id').anyOf(doneIds).delete();
  // The server marks what a fix replaced as fixed when the fix lands: the phone forgets both.
  await table.filter((item) => item.state === 'fixed' && item.fixedBy !== undefined && doneIds.includes(item.fixedBy)).delete();
  for (const refused of attention) {
    await table
      .where('id')
      .equals(refused.id)
      .modify({ state: 'needs_attention', status: refused.status, lastError: refused.error, server: refused.server, recorded: true });
  }
  await table.where('id').anyOf(retry).modify({ state: 'pending' });
}

/**
 * Drops a refused mutation, after the user confirmed: the only way one leaves without the server
 * applying it. One the server stored stays, marked dropped, until the server is told; one it never
 * stored goes at once.
 */
export async function discardRefused(table: OutboxTable, id: string): Promise<void> {
  const refused = table
    .where('id')
    .equals(id)
    .and((item) => item.state === 'needs_attention');
  const item = await refused.first();
  if (item?.recorded) await refused.modify({ state: 'dropped' });
  else await refused.delete();
}

/** Drops the server has not been told about yet. */
export const droppedOf = async (table: OutboxTable, accountId: string | null): Promise<string[]> =>
  (await outboxOf(table, accountId)).filter((item) => item.state === 'dropped').map((item) => item.id);
