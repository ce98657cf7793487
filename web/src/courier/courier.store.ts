import { Dexie, type Table } from 'dexie';
import type { OutboxItem, Mutation, Problem } from '../field/field.types.ts';
import type { SyncStore } from '../field/sync-client.ts';
import type { Settlement } from '../field/sync.rules.ts';
import { discardRefused, droppedOf, markSending, newOutboxItem, OUTBOX_INDEXES, outboxOf, refuse, release, settleOutbox } from '../field/outbox-table.ts';
import { uuidv7 } from '../field/uuidv7.ts';
import type { CourierDay } from '../../../src/delivery/courier.schema.ts';
import type { CourierRoute } from './courier.rules.ts';

/** The account last logged in on this phone: the app opens with it offline. */
export interface CourierAccount {
  id: string;
  username: string;
  displayName: string;
}

/** A pull of the day, as the sync loop reads it: one page. */
export type CourierPage = CourierDay & { more: false };

type MetaKey = 'account' | 'deviceId' | 'cursor' | 'day' | 'route' | 'lastSyncAt';

interface MetaRow {
  key: MetaKey;
  value: unknown;
}

class CourierDatabase extends Dexie {
  outbox!: Table<OutboxItem, number>;
  meta!: Table<MetaRow, MetaKey>;

  constructor() {
    super('banso-courier');
    this.version(1).stores({ outbox: OUTBOX_INDEXES, meta: 'key' });
  }
}

/**
 * The courier's day and outbox in IndexedDB: the route as the server last sent it (one document),
 * and the deliveries recorded since, in the field app's outbox shape, until the server has them.
 */
export class CourierStore implements SyncStore<CourierPage> {
  readonly db = new CourierDatabase();
  private accountId: string | null = null;

  private async get<T>(key: MetaKey): Promise<T | undefined> {
    return (await this.db.meta.get(key))?.value as T | undefined;
  }

  private set(key: MetaKey, value: unknown): Promise<MetaKey> {
    return this.db.meta.put({ key, value });
  }

  async account(): Promise<CourierAccount | null> {
    const account = (await this.get<CourierAccount>('account')) ?? null;
    this.accountId = account?.id ?? null;
    return account;
  }

  /** Another account on the phone starts from no route; the previous one's unsent changes stay under its id. */
  async useAccount(account: CourierAccount): Promise<void> {
    await this.db.transaction('rw', this.db.meta, async () => {
      const previous = await this.get<CourierAccount>('account');
      if (previous && previous.id !== account.id) await this.db.meta.bulkDelete(['cursor', 'day', 'route', 'lastSyncAt']);
      await this.set('account', account);
    });
    this.accountId = account.id;
  }

  async deviceId(): Promise<string> {
    const known = await this.get<string>('deviceId');
    if (known) return known;
    const id = uuidv7();
    await this.set('deviceId', id);
    return id;
  }

  /** Saves a change in the outbox; shown at once, sent when the phone can. */
  async add(mutation: Mutation): Promise<string> {
    if (!this.accountId) throw new Error('No account on this phone yet');
    const item = newOutboxItem(mutation, this.accountId);
    await this.db.outbox.add(item);
    return item.id;
  }

  /** Drops a refused change; the server is told (it stored the refusal), and the next pull shows its parcel. */
  async discard(id: string): Promise<void> {
    await this.db.transaction('rw', this.db.outbox, () => discardRefused(this.db.outbox, id));
  }

  outbox = (): Promise<OutboxItem[]> => outboxOf(this.db.outbox, this.accountId);
  markSending = (ids: readonly string[]): Promise<void> => markSending(this.db.outbox, ids);
  release = (ids: readonly string[], problem: Problem): Promise<void> => release(this.db.outbox, ids, problem);
  refuse = (id: string, problem: Problem): Promise<void> => refuse(this.db.outbox, id, problem);
  settle = (settlement: Settlement): Promise<void> => settleOutbox(this.db.outbox, settlement);
  droppedOnes = (): Promise<string[]> => droppedOf(this.db.outbox, this.accountId);
  forget = async (id: string): Promise<void> => void (await this.db.outbox.where('id').equals(id).delete());

  cursor(): Promise<string | null> {
    return this.get<string>('cursor').then((cursor) => cursor ?? null);
  }

  async mergePull(page: CourierPage): Promise<void> {
    await this.db.transaction('rw', this.db.meta, async () => {
      if (!page.unchanged) await this.set('route', page.route);
      await this.set('day', page.day);
      await this.set('cursor', page.cursor);
    });
  }

  async resetCursor(): Promise<void> {
    await this.db.meta.bulkDelete(['cursor', 'route']);
  }

  async synced(at: string): Promise<void> {
    await this.set('lastSyncAt', at);
  }

  lastSyncAt(): Promise<string | null> {
    return this.get<string>('lastSyncAt').then((at) => at ?? null);
  }

  /** The route as the server last sent it; undefined before the first pull. */
  route(): Promise<CourierRoute | null | undefined> {
    return this.get<CourierRoute | null>('route');
  }
}
