import { Dexie, liveQuery, type Table } from 'dexie';
import type {
  FieldAccount,
  LocalHousehold,
  LocalTraining,
  LocalVisit,
  Mutation,
  OutboxItem,
  Problem,
  PullPage,
  TeamInfo,
  TeamMemberInfo,
} from './field.types.ts';
import type { SyncStore } from './sync-client.ts';
import { metaAfterLogOut } from './log-out.rules.ts';
import { applyDone, asPulledTraining, asPulledVisit, householdOf, reconcileAttention, type Settlement } from './sync.rules.ts';
import { uuidv7 } from './uuidv7.ts';
import { discardRefused, droppedOf, markSending, newOutboxItem, OUTBOX_INDEXES, outboxOf, refuse, release, settleOutbox } from './outbox-table.ts';
import { FIELD_DATABASE } from './field-device.ts';

/**
 * The phone's copy of its village and its outbox, in IndexedDB: it survives closing the app, a
 * restart of the phone and days without signal. Household rows hold what the server last said;
 * unsent changes live only in the outbox and are laid over them on screen (sync.rules.ts).
 */

interface MetaRow {
  key: MetaKey;
  value: unknown;
}

type MetaKey = 'account' | 'deviceId' | 'cursor' | 'lastSyncAt' | 'team' | 'teamMembers' | 'village' | 'pendingLogOut';

class FieldDatabase extends Dexie {
  households!: Table<LocalHousehold, string>;
  visits!: Table<LocalVisit, string>;
  trainings!: Table<LocalTraining, string>;
  outbox!: Table<OutboxItem, number>;
  meta!: Table<MetaRow, MetaKey>;

  constructor() {
    super(FIELD_DATABASE);
    this.version(1).stores({
      households: 'id, villageCode',
      visits: 'id, householdId',
      trainings: 'id, heldOn',
      outbox: OUTBOX_INDEXES,
      meta: 'key',
    });
  }
}

export interface NewMutationOptions {
  /** The refused mutation this one corrects: it is marked fixed in the same transaction. */
  replaces?: string | undefined;
}

export class FieldStore implements SyncStore {
  readonly db = new FieldDatabase();
  private accountId: string | null = null;

  private async getMeta<T>(key: MetaKey): Promise<T | undefined> {
    return (await this.db.meta.get(key))?.value as T | undefined;
  }

  private setMeta(key: MetaKey, value: unknown): Promise<MetaKey> {
    return this.db.meta.put({ key, value });
  }

  /**
   * Whether `accountId` is still the phone's account, read inside a write's transaction: a sync
   * that was under way when the user logged out (in this tab or another) must not write the
   * village back, nor a form of another tab save into the emptied outbox.
   */
  private async stillSignedIn(accountId: string | null): Promise<boolean> {
    return accountId !== null && (await this.getMeta<FieldAccount>('account'))?.id === accountId;
  }

  /** The account the phone last logged in with: what the app opens with when offline. */
  async account(): Promise<FieldAccount | null> {
    const account = (await this.getMeta<FieldAccount>('account')) ?? null;
    this.accountId = account?.id ?? null;
    return account;
  }

  /**
   * A log-in on this phone. Another account (or another village) starts from an empty village:
   * it may not see the previous one's households. The previous account's unsent mutations stay,
   * under its id, until it logs in again; they are never sent under someone else's name.
   */
  async useAccount(account: FieldAccount): Promise<void> {
    await this.db.transaction('rw', [this.db.meta, this.db.households, this.db.visits, this.db.trainings], async () => {
      const previous = await this.getMeta<FieldAccount>('account');
      if (previous && (previous.id !== account.id || previous.villageCode !== account.villageCode)) {
        await Promise.all([this.db.households.clear(), this.db.visits.clear(), this.db.trainings.clear()]);
        await this.db.meta.bulkDelete(['cursor', 'lastSyncAt', 'team', 'teamMembers', 'village']);
      }
      await this.setMeta('account', account);
    });
    this.accountId = account.id;
  }

  /** Who is logged in on this phone, read only: watched, so every tab sees a log-out. */
  storedAccountId(): Promise<string | null> {
    return this.getMeta<FieldAccount>('account').then((account) => account?.id ?? null);
  }

  /**
   * Log-out: every table is emptied in one transaction (every one, not a list of them, so that a
   * table added later cannot be forgotten here); only the device id stays, with the mark that the
   * server's session is still to be ended (log-out.rules.ts).
   */
  async logOut(): Promise<void> {
    await this.db.transaction('rw', this.db.tables, async () => {
      const kept = metaAfterLogOut(await this.db.meta.toArray()) as MetaRow[];
      await Promise.all(this.db.tables.map((table) => table.clear()));
      await this.db.meta.bulkPut(kept);
    });
    this.accountId = null;
  }

  /** A log-out whose server session has not been ended yet. */
  pendingLogOut(): Promise<boolean> {
    return this.getMeta<boolean>('pendingLogOut').then((pending) => pending === true);
  }

  async clearPendingLogOut(): Promise<void> {
    await this.db.meta.delete('pendingLogOut');
  }

  async deviceId(): Promise<string> {
    const known = await this.getMeta<string>('deviceId');
    if (known) return known;
    const id = uuidv7();
    await this.setMeta('deviceId', id);
    return id;
  }

  /** Saves a change for the outbox; it is shown at once and sent when the phone can. */
  async add(mutation: Mutation, options: NewMutationOptions = {}): Promise<string> {
    const accountId = this.requireAccount();
    let id = '';
    await this.db.transaction('rw', [this.db.outbox, this.db.meta], async () => {
      if (!(await this.stillSignedIn(accountId))) throw new Error('Logged out on this phone');
      const replaced = options.replaces ? await this.db.outbox.where('id').equals(options.replaces).first() : undefined;
      // The server is told what the fix replaces only if it stored the refusal in the first place.
      const item = newOutboxItem(mutation, accountId, replaced?.recorded ? replaced.id : undefined);
      id = item.id;
      await this.db.outbox.add(item);
      if (replaced) await this.db.outbox.where('id').equals(replaced.id).modify({ state: 'fixed', fixedBy: id });
    });
    return id;
  }

  /**
   * Drops a refused mutation, after the user confirmed: the only way one leaves without the
   * server applying it. One the server stored stays, marked dropped, until the server is told
   * (`droppedOnes`, `forget`); one it never stored goes at once.
   */
  async discard(id: string): Promise<void> {
    await this.db.transaction('rw', this.db.outbox, () => discardRefused(this.db.outbox, id));
  }

  /** Drops the server has not been told about yet. */
  droppedOnes(): Promise<string[]> {
    return droppedOf(this.db.outbox, this.accountId);
  }

  async forget(id: string): Promise<void> {
    await this.db.outbox.where('id').equals(id).delete();
  }

  outbox(): Promise<OutboxItem[]> {
    return outboxOf(this.db.outbox, this.accountId);
  }

  markSending(ids: readonly string[]): Promise<void> {
    return markSending(this.db.outbox, ids);
  }

  release(ids: readonly string[], problem: Problem): Promise<void> {
    return release(this.db.outbox, ids, problem);
  }

  refuse(id: string, problem: Problem): Promise<void> {
    return refuse(this.db.outbox, id, problem);
  }

  async settle(settlement: Settlement, rebased: readonly { id: string; baseVersion: number }[]): Promise<void> {
    const { done } = settlement;
    const accountId = this.accountId;
    await this.db.transaction('rw', [this.db.outbox, this.db.households, this.db.visits, this.db.trainings, this.db.meta], async () => {
      if (!(await this.stillSignedIn(accountId))) return;
      const ids = done.map(({ item }) => householdOf(item)).filter((id): id is string => id !== null);
      const households = await this.db.households.bulkGet(ids);
      await this.db.households.bulkPut(
        applyDone(
          households.filter((h): h is LocalHousehold => !!h),
          done,
        ),
      );
      for (const { item } of done) {
        if (item.kind === 'visit.record') await this.db.visits.put(asPulledVisit(item.payload));
        if (item.kind === 'training.record') await this.db.trainings.put(asPulledTraining(item.payload));
      }
      await settleOutbox(this.db.outbox, settlement);
      for (const { id, baseVersion } of rebased) {
        await this.db.outbox
          .where('id')
          .equals(id)
          .modify((item) => {
            if (item.kind === 'household.update') item.payload.baseVersion = baseVersion;
          });
      }
    });
  }

  cursor(): Promise<string | null> {
    return this.getMeta<string>('cursor').then((cursor) => cursor ?? null);
  }

  async mergePull(page: PullPage): Promise<void> {
    const accountId = this.accountId;
    await this.db.transaction('rw', [this.db.meta, this.db.households, this.db.visits, this.db.trainings, this.db.outbox], async () => {
      if (!accountId || !(await this.stillSignedIn(accountId))) return;
      const villageCode = page.village.code;
      await this.db.households.bulkPut(
        page.households.map(({ id, label, version, archived, latest }) => ({ id, villageCode, label, version, archived, latest })),
      );
      await this.db.visits.bulkPut(page.visits);
      await this.db.trainings.bulkPut(page.trainings);
      // The team comes only in the page where it changed.
      if (page.team) await this.setMeta('team', page.team);
      if (page.teamMembers.length) {
        const members = new Map(((await this.getMeta<TeamMemberInfo[]>('teamMembers')) ?? []).map((m) => [m.id, m]));
        for (const member of page.teamMembers) members.set(member.id, member);
        await this.setMeta('teamMembers', [...members.values()]);
      }
      const outbox = await this.db.outbox.where('accountId').equals(accountId).toArray();
      const { add, remove } = reconcileAttention(outbox, page.attention, accountId);
      if (add.length) await this.db.outbox.bulkAdd(add);
      if (remove.length) await this.db.outbox.where('id').anyOf(remove).delete();
      await this.setMeta('village', page.village);
      await this.setMeta('cursor', page.cursor);
    });
  }

  async resetCursor(): Promise<void> {
    await this.db.transaction('rw', [this.db.meta, this.db.households, this.db.visits, this.db.trainings], async () => {
      await Promise.all([this.db.households.clear(), this.db.visits.clear(), this.db.trainings.clear()]);
      await this.db.meta.bulkDelete(['cursor', 'team', 'teamMembers']);
    });
  }

  async synced(at: string): Promise<void> {
    const accountId = this.accountId;
    await this.db.transaction('rw', this.db.meta, async () => {
      if (await this.stillSignedIn(accountId)) await this.setMeta('lastSyncAt', at);
    });
  }

  lastSyncAt(): Promise<string | null> {
    return this.getMeta<string>('lastSyncAt').then((at) => at ?? null);
  }

  team(): Promise<TeamInfo | null> {
    return this.getMeta<TeamInfo | null>('team').then((team) => team ?? null);
  }

  teamMembers(): Promise<TeamMemberInfo[]> {
    return this.getMeta<TeamMemberInfo[]>('teamMembers').then((members) => members ?? []);
  }

  village(): Promise<{ code: string; name: string } | null> {
    return this.getMeta<{ code: string; name: string }>('village').then((village) => village ?? null);
  }

  households(): Promise<LocalHousehold[]> {
    return this.db.households.toArray();
  }

  visitsOf(householdId: string): Promise<LocalVisit[]> {
    return this.db.visits.where('householdId').equals(householdId).toArray();
  }

  recentTrainings(limit = 20): Promise<LocalTraining[]> {
    return this.db.trainings.orderBy('heldOn').reverse().limit(limit).toArray();
  }

  private requireAccount(): string {
    if (!this.accountId) throw new Error('No account on this phone yet');
    return this.accountId;
  }
}

/** Re-runs `query` whenever the tables it read change, in this tab or another. */
export function watch<T>(query: () => Promise<T>, next: (value: T) => void, error: (failure: unknown) => void): () => void {
  const subscription = liveQuery(query).subscribe({ next, error });
  return () => subscription.unsubscribe();
}
