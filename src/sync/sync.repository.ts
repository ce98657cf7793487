import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { SyncMutationTable } from './sync.tables.ts';
import { latestSurveyOf, type Survey, toSurvey } from '../households/index.ts';
import { rankOf, type Stream, type StreamPosition } from './sync-cursor.rules.ts';
import { COURIER_KINDS, type MutationError, type Resolution, type ServerHousehold, type ServerParcel } from './sync.schema.ts';

export type SyncMutationRow = Selectable<SyncMutationTable>;

/**
 * What `sync_mutation.result` holds: the outcome a replay gets back, and what the phone said
 * beside the payload (when the user saved it, which earlier mutation it corrects).
 */
export interface StoredResult {
  error?: MutationError | undefined;
  server?: ServerHousehold | undefined;
  serverParcel?: ServerParcel | undefined;
  record?: { id: string; version?: number | undefined } | undefined;
  recordedAt?: string | undefined;
  supersedes?: string | undefined;
}

export function findMutation(db: Db, id: string): Promise<SyncMutationRow | undefined> {
  return db.selectFrom('sync_mutation').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Takes a lock per mutation id for the rest of the transaction, all in one statement and one
 * order. Two pushes that share ids (a phone's retry racing its original, or resending some of a
 * batch in another order) would otherwise each insert a row the other is about to insert, and
 * wait for each other: the second now waits for the first to commit, then finds its ids recorded.
 */
export async function lockMutationIds(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const keys = [...new Set(ids)].map((id) => `sync_mutation:${id}`);
  await sql`select pg_advisory_xact_lock(h) from (select distinct hashtext(k) as h from unnest(${keys}::text[]) as t(k)) as locks order by h`.execute(db);
}

/** The mutations of these ids already recorded, by id: one read for a whole batch. */
export async function findMutations(db: Db, ids: readonly string[]): Promise<Map<string, SyncMutationRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('sync_mutation')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** A mutation's outcome as a push records it; `result` and `payload` as the phone is answered and sent them. */
export type NewMutation = Omit<Insertable<SyncMutationTable>, 'result'> & { result: StoredResult; resolution?: undefined };

/**
 * Records mutations under their ids, in one statement, leaving any id recorded already; answers how
 * many were recorded. On PostgreSQL a concurrent insert of the same id waits for the other
 * transaction (the push takes a lock per id first, so it never comes to that).
 */
export async function claimMutations(db: Db, rows: readonly NewMutation[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto('sync_mutation')
    .values(rows.map((row) => ({ ...row, payload: JSON.stringify(row.payload ?? null), result: JSON.stringify(row.result) })))
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

export async function setMutationResult(db: Db, id: string, result: StoredResult): Promise<void> {
  await db
    .updateTable('sync_mutation')
    .set({ result: JSON.stringify(result) })
    .where('id', '=', id)
    .execute();
}

/*
 * Each item of a pushed batch runs under a savepoint of this name, taken when it starts: a refused
 * item's writes are undone to the newest one and the batch's transaction goes on. Both engines keep savepoints on the transaction's
 * one connection.
 */
export async function savepoint(tx: Db): Promise<void> {
  await sql`savepoint push_item`.execute(tx);
}

export async function rollbackToSavepoint(tx: Db): Promise<void> {
  await sql`rollback to savepoint push_item`.execute(tx);
}

/**
 * Marks an unresolved rejected or conflicting mutation resolved; undefined when there is none by
 * that id (applied, resolved already, by someone else meanwhile, or not the given account's).
 */
export function resolveOpenMutation(
  db: Db,
  id: string,
  change: { resolution: Resolution; resolvedBy: string; ofAccount?: string | undefined },
): Promise<SyncMutationRow | undefined> {
  let query = db
    .updateTable('sync_mutation')
    .set({ resolution: change.resolution, resolved_by: change.resolvedBy, resolved_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '<>', 'applied')
    .where('resolved_at', 'is', null);
  if (change.ofAccount) query = query.where('account_id', '=', change.ofAccount);
  return query.returningAll().executeTakeFirst();
}

export async function recordDevice(
  db: Db,
  device: { id: string; accountId: string; provinceCode: string; villageCode: string | null; appVersion: string | null },
): Promise<void> {
  // A phone handed to another member moves with its new account.
  await db
    .insertInto('sync_device')
    .values({
      id: device.id,
      account_id: device.accountId,
      province_code: device.provinceCode,
      village_code: device.villageCode,
      app_version: device.appVersion,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        account_id: device.accountId,
        province_code: device.provinceCode,
        village_code: device.villageCode,
        app_version: device.appVersion,
        last_sync_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

/**
 * The pull horizon: the oldest transaction still running. Every transaction older than it has
 * ended, and no new one can get an older id, so the rows below it are final.
 */
export async function readPullHorizon(db: Db): Promise<string> {
  const { rows } = await sql<{ xmin: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`.execute(db);
  return rows[0]!.xmin;
}

/**
 * Rows of one stream in the window. Settled: strictly after the cursor and below the horizon, in
 * the stream's order; the cursor may move over them. Recent: at or above the horizon (committed,
 * since this query sees them, but an older transaction may still commit behind them); they are
 * handed out too, for freshness, and sent again once settled.
 */
function inWindow(alias: string, stream: Stream, w: Window) {
  const txid = sql.ref(`${alias}.change_txid`);
  const id = sql.ref(`${alias}.id`);
  const { after, horizon } = w;
  if (w.part === 'recent') return sql<boolean>`${txid} >= ${horizon}::xid8`;
  const rank = rankOf(stream);
  const below = sql<boolean>`${txid} < ${horizon}::xid8`;
  // The plain bound on change_txid is what the (village_code, change_txid) index serves.
  if (rank > after.rank) return sql<boolean>`${below} and ${txid} >= ${after.txid}::xid8`;
  if (rank < after.rank) return sql<boolean>`${below} and ${txid} > ${after.txid}::xid8`;
  return sql<boolean>`${below} and ${txid} >= ${after.txid}::xid8 and (${txid}, ${id}) > (${after.txid}::xid8, ${after.id}::uuid)`;
}

export interface Window {
  village: string;
  part: 'settled' | 'recent';
  after: StreamPosition;
  horizon: string;
  limit: number;
}

const txidText = (alias: string) => sql<string>`${sql.ref(`${alias}.change_txid`)}::text`.as('txid');

export async function listHouseholdChanges(db: Db, w: Window) {
  const rows = await db
    .selectFrom('household as h')
    .select(['h.id', 'h.label', 'h.version', 'h.archived_at', txidText('h')])
    .select(latestSurveyOf)
    .where('h.village_code', '=', w.village)
    .where(inWindow('h', 'household', w))
    .orderBy('h.change_txid')
    .orderBy('h.id')
    .limit(w.limit)
    .execute();
  return rows.map(({ latest, ...row }) => ({ ...row, latest: latest ? toSurvey(latest) : (null as Survey | null) }));
}

export function listTeamChanges(db: Db, w: Window) {
  return db
    .selectFrom('team as t')
    .select(['t.id', 't.name', 't.contact_phone', txidText('t')])
    .where('t.village_code', '=', w.village)
    .where(inWindow('t', 'team', w))
    .orderBy('t.change_txid')
    .orderBy('t.id')
    .limit(w.limit)
    .execute();
}

export function listTeamMemberChanges(db: Db, w: Window) {
  return db
    .selectFrom('team_member as m')
    .select(['m.id', 'm.team_id', 'm.display_name', 'm.sex', 'm.is_leader', 'm.joined_on', 'm.trained_on', 'm.left_on', txidText('m')])
    .where('m.village_code', '=', w.village)
    .where(inWindow('m', 'team_member', w))
    .orderBy('m.change_txid')
    .orderBy('m.id')
    .limit(w.limit)
    .execute();
}

export function listTrainingChanges(db: Db, w: Window, since: string) {
  return db
    .selectFrom('training as r')
    .selectAll('r')
    .select(txidText('r'))
    .where('r.village_code', '=', w.village)
    .where('r.held_on', '>=', since)
    .where(inWindow('r', 'training', w))
    .orderBy('r.change_txid')
    .orderBy('r.id')
    .limit(w.limit)
    .execute();
}

export function listVisitChanges(db: Db, w: Window, since: string) {
  return db
    .selectFrom('support_visit as v')
    .selectAll('v')
    .select(txidText('v'))
    .where('v.village_code', '=', w.village)
    .where('v.visited_on', '>=', since)
    .where(inWindow('v', 'support_visit', w))
    .orderBy('v.change_txid')
    .orderBy('v.id')
    .limit(w.limit)
    .execute();
}

/** Unresolved rejected and conflicting mutations: one account's, or those of a subtree's villages. */
/**
 * Open mutations of an account, or of a subtree; given a carrier, only its couriers' (the kinds
 * their app sends, pushed by an account holding a courier's grant of that carrier).
 */
export async function listOpenMutations(
  db: Db,
  filter: { accountId: string } | { scopePath: string; carrierId?: string | undefined },
  page: { limit: number; offset: number },
) {
  let base = db
    .selectFrom('sync_mutation as m')
    .innerJoin('account as a', 'a.id', 'm.account_id')
    .leftJoin('org_unit as u', 'u.code', 'm.village_code')
    .where('m.status', '<>', 'applied')
    .where('m.resolved_at', 'is', null);
  base = 'accountId' in filter ? base.where('m.account_id', '=', filter.accountId) : base.where(sql<boolean>`u.path <@ ${filter.scopePath}::ltree`);
  if ('carrierId' in filter && filter.carrierId !== undefined) {
    const carrierId = filter.carrierId;
    base = base
      .where('m.kind', 'in', COURIER_KINDS)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('role_assignment as r')
            .select('r.account_id')
            .whereRef('r.account_id', '=', 'm.account_id')
            .where('r.role', '=', 'courier')
            .where('r.carrier_id', '=', carrierId),
        ),
      );
  }
  const [items, total] = await Promise.all([
    base
      .selectAll('m')
      .select(['a.username', 'a.display_name', 'u.name as village_name'])
      .orderBy('m.received_at')
      .orderBy('m.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: total.n, items };
}

/** The devices of a subtree's villages, the longest silent first. */
export async function listDevices(db: Db, filter: { scopePath: string; syncedBefore?: Date | undefined }, page: { limit: number; offset: number }) {
  let base = db
    .selectFrom('sync_device as d')
    .innerJoin('account as a', 'a.id', 'd.account_id')
    .innerJoin('org_unit as u', 'u.code', 'd.village_code')
    .where(sql<boolean>`u.path <@ ${filter.scopePath}::ltree`);
  if (filter.syncedBefore) base = base.where('d.last_sync_at', '<=', filter.syncedBefore);
  const [items, total] = await Promise.all([
    base
      .selectAll('d')
      .select(['a.username', 'a.display_name', 'u.name as village_name'])
      .orderBy('d.last_sync_at')
      .orderBy('d.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: total.n, items };
}

/** The carrier a courier's account works for: whose dispatchers may settle its refusals. */
export async function findCourierCarrier(db: Db, accountId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('role_assignment')
    .select('carrier_id')
    .where('account_id', '=', accountId)
    .where('role', '=', 'courier')
    .where('carrier_id', 'is not', null)
    .executeTakeFirst();
  return row?.carrier_id ?? undefined;
}
