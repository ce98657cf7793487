import type { Db } from '../platform/database.ts';
import { AppError, forbidden } from '../platform/errors.ts';
import { can, type Actor } from '../accounts/access.policy.ts';
import { authorize } from '../accounts/authorize.ts';
import { insertAuditEntries } from '../audit/audit.repository.ts';
import { findHousehold } from '../households/household.repository.ts';
import { findOrgUnit } from '../territory/org-unit.repository.ts';
import { handlerFor } from './mutation-kinds.ts';
import { readServerHousehold } from './read-server-household.ts';
import { claimMutation, findMutation, recordDevice, resolveOpenMutation, setMutationResult, type StoredResult, type SyncMutationRow } from './sync.repository.ts';
import {
  batchTooLarge,
  fromAppError,
  idReused,
  isConflict,
  isUuid,
  ownVillage,
  provinceOf,
  pushingGrant,
  readEnvelope,
  readPayload,
  tryLater,
} from './sync.rules.ts';
import { MAX_MUTATIONS_PER_PUSH, MUTATION_KINDS, type MutationError, type MutationKind, type MutationResult, type PushBody } from './sync.schema.ts';

export interface PushOptions {
  /** Where an unexpected fault is reported before the push answers 503. */
  logFault(error: unknown, mutationId: string): void;
}

interface Context {
  db: Db;
  actor: Actor;
  deviceId: string;
  /** Where a refusal is filed when the record it names is not the account's to see. */
  home: { villageCode: string; provinceCode: string };
}

/**
 * Applies a phone's batch, item by item, in order (docs/decisions/0007-field-sync.md). Each item
 * is answered on its own; a refused one never stops the others.
 *
 * An unexpected fault (a bug, the database gone) is not the item's: nothing of that item is
 * recorded, and the push stops there and answers 503 for the whole batch. What was applied before
 * it stays applied and is answered `duplicate` when the phone sends the batch again, which it must.
 * Answering only the failed item "retry" and going on was refused: a later item may depend on it
 * (a visit to a household registered earlier in the batch) and would be rejected for good.
 */
export async function pushMutations(db: Db, actor: Actor, request: PushBody, options: PushOptions): Promise<{ results: MutationResult[]; serverTime: string }> {
  if (request.mutations.length > MAX_MUTATIONS_PER_PUSH) throw batchTooLarge(request.mutations.length);
  const grant = pushingGrant(actor);
  if (!grant) throw forbidden();
  await authorize(db, actor, 'fieldwork:write', { code: grant.orgUnitCode, path: grant.scopePath, province_code: provinceOf(grant) }, { entity: 'sync' });
  const home = { villageCode: (ownVillage(actor) ?? grant).orgUnitCode, provinceCode: provinceOf(grant) };
  const context: Context = { db, actor, deviceId: request.deviceId, home };

  const results: MutationResult[] = [];
  for (const raw of request.mutations) {
    const envelope = readEnvelope(raw);
    try {
      results.push(await pushOne(context, envelope));
    } catch (error) {
      options.logFault(error, envelope.id);
      throw tryLater();
    }
  }
  await recordDevice(db, { id: request.deviceId, accountId: actor.id, provinceCode: home.provinceCode, villageCode: home.villageCode, appVersion: request.appVersion ?? null });
  return { results, serverTime: new Date().toISOString() };
}

async function pushOne(ctx: Context, envelope: ReturnType<typeof readEnvelope>): Promise<MutationResult> {
  if (envelope.state === 'unreadable') return { id: envelope.id, status: 'rejected', error: envelope.error };
  const stored = await findMutation(ctx.db, envelope.id);
  if (stored) return replay(ctx, stored, envelope.kind, envelope.id);
  if (envelope.state === 'invalid') {
    return refuse(ctx, { id: envelope.id, kind: envelope.kind, payload: envelope.payload, recordedAt: envelope.recordedAt }, envelope.error, 'rejected');
  }
  const { id, kind, mutation } = envelope;
  const handler = handlerFor(kind);
  const item = { id, kind, payload: mutation.payload ?? null, recordedAt: mutation.recordedAt, supersedes: mutation.supersedes };
  const payload = readPayload(handler.input, mutation.payload);
  if (!payload.ok) return refuse(ctx, item, payload.error, 'rejected');

  try {
    const plan = await handler.plan(ctx.db, ctx.actor, payload.input);
    const outcome = await ctx.db.transaction().execute(async (tx) => {
      const claimed = await claimMutation(tx, {
        id,
        account_id: ctx.actor.id,
        device_id: ctx.deviceId,
        province_code: plan.provinceCode,
        village_code: plan.villageCode,
        kind,
        payload: item.payload,
        status: 'applied',
        result: {},
      });
      if (!claimed) return null;
      const record = await plan.apply(tx);
      const result: StoredResult = { record, recordedAt: item.recordedAt, supersedes: item.supersedes };
      await setMutationResult(tx, id, result);
      if (item.supersedes) await markFixedByPhone(tx, ctx.actor, item.supersedes);
      return result;
    });
    // Another push of the same id got there first (a retry racing its original).
    if (!outcome) return replay(ctx, (await findMutation(ctx.db, id))!, kind, id);
    return { id, status: 'applied', ...(outcome.record ? { record: outcome.record } : {}) };
  } catch (error) {
    // Refused while planning (invalid, out of scope, missing) or while applying (rolled back):
    // recorded in a transaction of its own. Anything else is the server's fault: the batch stops.
    if (!(error instanceof AppError)) throw error;
    return refuse(ctx, item, fromAppError(error), isConflict(error) ? 'conflict' : 'rejected');
  }
}

/** The stored outcome of an id seen before, if this account sent it as this kind. */
async function replay(ctx: Context, stored: SyncMutationRow, kind: string, id: string): Promise<MutationResult> {
  if (stored.account_id !== ctx.actor.id || stored.kind !== kind) return { id, status: 'rejected', error: idReused() };
  const result = (stored.result ?? {}) as StoredResult;
  return {
    id,
    status: 'duplicate',
    originalStatus: stored.status,
    ...(stored.resolution ? { resolution: stored.resolution } : {}),
    ...(result.error ? { error: result.error } : {}),
    ...(result.server ? { server: result.server } : {}),
    ...(result.record ? { record: result.record } : {}),
  };
}

interface Item {
  id: string;
  kind: string;
  payload: unknown;
  recordedAt?: string | undefined;
  supersedes?: string | undefined;
}

/** Stores a refusal so that it stays in front of a person until resolved, and answers it. */
async function refuse(ctx: Context, item: Item, error: MutationError, status: 'rejected' | 'conflict'): Promise<MutationResult> {
  const { villageCode, provinceCode } = await fileUnder(ctx, item);
  const server = status === 'conflict' ? await readServerHousehold(ctx.db, item.payload) : undefined;
  const result: StoredResult = { error, server, recordedAt: item.recordedAt, supersedes: item.supersedes };
  const claimed = await claimMutation(ctx.db, {
    id: item.id,
    account_id: ctx.actor.id,
    device_id: ctx.deviceId,
    province_code: provinceCode,
    village_code: villageCode,
    kind: item.kind,
    payload: item.payload,
    status,
    result,
  });
  if (!claimed) return replay(ctx, (await findMutation(ctx.db, item.id))!, item.kind, item.id);
  return { id: item.id, status, error, ...(server ? { server } : {}) };
}

/**
 * The village a refusal is filed under: the one the payload names, when the account may see it,
 * else the account's own. A member's attempt on another commune's household is the member's
 * officer's business, and must not show that commune's officer what was attempted.
 */
async function fileUnder(ctx: Context, item: Item): Promise<{ villageCode: string; provinceCode: string }> {
  const target = isMutationKind(item.kind) ? handlerFor(item.kind).target(item.payload) : {};
  let villageCode: string | undefined;
  if (isUuid(target.householdId)) villageCode = (await findHousehold(ctx.db, target.householdId))?.village_code;
  else if (typeof target.villageCode === 'string' && target.villageCode.length <= 20) villageCode = target.villageCode;
  const unit = villageCode ? await findOrgUnit(ctx.db, villageCode) : undefined;
  if (unit && can(ctx.actor, 'fieldwork:read', unit.path)) return { villageCode: unit.code, provinceCode: unit.province_code };
  return ctx.home;
}

const isMutationKind = (kind: string): kind is MutationKind => (MUTATION_KINDS as readonly string[]).includes(kind);

/** The account's earlier refused mutation that this applied one corrects is settled with it. */
async function markFixedByPhone(tx: Db, actor: Actor, supersededId: string): Promise<void> {
  const fixed = await resolveOpenMutation(tx, supersededId, { resolution: 'fixed_by_phone', resolvedBy: actor.id, ofAccount: actor.id });
  if (!fixed) return;
  await insertAuditEntries(tx, [
    {
      actorId: actor.id,
      actorName: actor.username,
      action: 'sync:resolve',
      entity: 'sync_mutation',
      entityId: fixed.id,
      orgUnitCode: fixed.village_code,
      provinceCode: fixed.province_code,
      outcome: 'ok',
      before: { status: fixed.status, kind: fixed.kind },
      after: { resolution: 'fixed_by_phone' },
    },
  ]);
}
