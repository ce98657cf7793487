import type { Db } from '../platform/database.ts';
import { insertAuditEntries, type AuditRecord } from './audit.repository.ts';

/** Who did it: an account, or a named process with no account (the first administrator's creation). */
export interface AuditActor {
  id: string | null;
  username: string | null;
}

export interface AuditDetails {
  entityId?: string | null | undefined;
  /** The unit it happened in; its province files the entry. */
  unit?: { code: string | null; province_code: string | null } | null | undefined;
  before?: unknown;
  after?: unknown;
  /** A refusal is logged too, outside the refused write's transaction. */
  outcome?: 'ok' | 'denied' | undefined;
}

/** Entries held back by `auditAtEnd`, by the transaction they belong to. */
const held = new WeakMap<Db, AuditRecord[]>();

/** The one way an entry reaches the audit log: in the write's own transaction when `db` is one. */
export async function recordAudit(db: Db, actor: AuditActor, action: string, entity: string, details: AuditDetails = {}): Promise<void> {
  const entry: AuditRecord = {
    actorId: actor.id,
    actorName: actor.username,
    action,
    entity,
    entityId: details.entityId ?? null,
    orgUnitCode: details.unit?.code ?? null,
    provinceCode: details.unit?.province_code ?? null,
    outcome: details.outcome ?? 'ok',
    before: details.before,
    after: details.after,
  };
  const batch = held.get(db);
  if (batch) batch.push(entry);
  else await insertAuditEntries(db, [entry]);
}

/** Where a batch of held-back entries stands, to drop those of a write undone to its savepoint. */
export interface HeldAudits {
  /** How many entries are held so far: the mark to come back to. */
  mark(): number;
  /** Forgets the entries held since `mark`, as a rollback to a savepoint taken there forgets their writes. */
  dropSince(mark: number): void;
}

/**
 * Runs many writes in one transaction with their audit entries held back and inserted together
 * (one statement) after the last, still in the transaction: a sync push of 50 items writes its
 * entries in one round trip instead of one or two per item. The entries commit, or roll back,
 * with the writes, as before; nothing reads the log inside a write's own transaction.
 */
export async function auditAtEnd<T>(tx: Db, work: (audits: HeldAudits) => Promise<T>): Promise<T> {
  const batch: AuditRecord[] = [];
  held.set(tx, batch);
  let result: T;
  try {
    result = await work({ mark: () => batch.length, dropSince: (mark) => void batch.splice(mark) });
  } finally {
    held.delete(tx);
  }
  await insertAuditEntries(tx, batch);
  return result;
}
