import type { Db } from '../platform/database.ts';
import { AppError, forbidden } from '../platform/errors.ts';
import { type Actor, authorize, can } from '../accounts/index.ts';
import { auditAtEnd, recordAudit, type HeldAudits } from '../audit/index.ts';
import { findHousehold, lockHouseholds } from '../households/index.ts';
import { refreshAtEnd } from '../indicators/index.ts';
import { openFieldworkBatch, writeFieldworkBatch, type FieldworkBatch, type StagedWrite } from '../teams/index.ts';
import type { PlannedWrite } from '../platform/planned-write.ts';
import { findOrgUnit, rememberingUnits } from '../territory/index.ts';
import { handlerFor, type MutationHandler, type RecordOfMutation } from './mutation-kinds.ts';
import {
  claimMutations,
  findMutations,
  lockMutationIds,
  recordDevice,
  resolveOpenMutation,
  rollbackToSavepoint,
  savepoint,
  type NewMutation,
  type StoredResult,
  type SyncMutationRow,
} from './sync.repository.ts';
import {
  batchTooLarge,
  fromAppError,
  idReused,
  isConflict,
  ownVillage,
  provinceOf,
  pushingGrant,
  readEnvelope,
  readPayload,
  tryLater,
  type Envelope,
} from './sync.rules.ts';
import { isUuid } from '../platform/ids.ts';
import { MAX_MUTATIONS_PER_PUSH, MUTATION_KINDS, type MutationError, type MutationKind, type MutationResult, type PushBody } from './sync.schema.ts';

export interface PushOptions {
  /** Where an unexpected fault is reported before the push answers 503. */
  logFault(error: unknown, mutationId: string): void;
}

interface Context {
  /** The push's transaction: every read and write of the batch goes through it. */
  db: Db;
  actor: Actor;
  deviceId: string;
  /** Where a refusal is filed when the record it names is not the account's to see. */
  home: { villageCode: string; provinceCode: string };
  /** Ids of the batch recorded before it started. */
  seen: ReadonlyMap<string, SyncMutationRow>;
  /** The outcomes this push has recorded, by id: a second item of the same id is answered from here. */
  recorded: Map<string, NewMutation>;
  /** Those not yet in the table: they go in together, before the commit (`writeOutcomes`). */
  unwritten: Map<string, NewMutation>;
  /** The items' audit entries, held back until the end of the batch. */
  audits: HeldAudits;
}

/**
 * Applies a phone's batch, in order, in one transaction (docs/decisions/0007-field-sync.md,
 * 0020-write-path.md, 0041-push-outcomes-at-the-end.md, 0042-set-based-pushes.md). Each item is
 * answered on its own, and a refused one never stops the others. Visits and trainings go set-based:
 * each run of them reads what its items need at once, judges each item in order against it (a
 * refused item stages nothing), and writes the staged rows together. Any other kind is applied
 * alone under a savepoint, its effects rolled back to it before its refusal is noted. Every item's
 * outcome and audit entries are written together at the end, in the same transaction, so the
 * batch's outcomes commit with its effects; the indicators of the villages it touched are
 * refreshed once, before the commit.
 *
 * An unexpected fault (a bug, the database gone) is not the item's: the whole transaction rolls
 * back and the push answers 503; the phone sends the batch again, which it must, and nothing of it
 * was recorded. Answering only the failed item "retry" and going on was refused: a later item may
 * depend on it (a visit to a household registered earlier in the batch) and would be rejected for good.
 */
export async function pushMutations(db: Db, actor: Actor, request: PushBody, options: PushOptions): Promise<{ results: MutationResult[]; serverTime: string }> {
  if (request.mutations.length > MAX_MUTATIONS_PER_PUSH) throw batchTooLarge(request.mutations.length);
  const pushing = pushingGrant(actor);
  if (!pushing) throw forbidden();
  const { grant, action } = pushing;
  const unit = { code: grant.orgUnitCode, path: grant.scopePath, province_code: provinceOf(grant), carrierId: grant.carrierId ?? undefined };
  await authorize(db, actor, action, unit, { entity: 'sync' });
  const home = { villageCode: (ownVillage(actor) ?? grant).orgUnitCode, provinceCode: provinceOf(grant) };
  const envelopes = request.mutations.map(readEnvelope);
  let current = '';
  try {
    const results = await db.transaction().execute((tx) =>
      refreshAtEnd(tx, () =>
        auditAtEnd(tx, (audits) =>
          rememberingUnits(tx, async () => {
            const ids = envelopes.filter((e) => e.state !== 'unreadable').map((e) => e.id);
            await lockMutationIds(tx, ids);
            await lockHouseholds(tx, envelopes.flatMap(namedHousehold));
            const seen = await findMutations(tx, ids);
            const context: Context = { db: tx, actor, deviceId: request.deviceId, home, seen, recorded: new Map(), unwritten: new Map(), audits };
            const answered: MutationResult[] = [];
            for (const run of runsOf(envelopes)) {
              const prepared = run.items.map(prepare);
              let batch: FieldworkBatch | undefined;
              if (run.together) {
                // Items recorded before the push are replays: nothing is read for them.
                const needs = prepared.flatMap((p, i) => (seen.has(run.items[i]!.id) ? [] : needsOf(p)));
                batch = await openFieldworkBatch(tx, actor, needs);
              }
              for (const [i, envelope] of run.items.entries()) {
                current = envelope.id;
                const write = (ready: Ready) => (batch ? stageInBatch(context, batch, ready) : applyAlone(context, ready));
                answered.push(await settleItem(context, envelope, prepared[i]!, write));
              }
              current = '';
              if (batch) await writeFieldworkBatch(batch);
            }
            await writeOutcomes(context);
            await recordDevice(tx, {
              id: request.deviceId,
              accountId: actor.id,
              provinceCode: home.provinceCode,
              villageCode: home.villageCode,
              appVersion: request.appVersion ?? null,
            });
            return answered;
          }),
        ),
      ),
    );
    return { results, serverTime: new Date().toISOString() };
  } catch (error) {
    options.logFault(error, current);
    throw tryLater();
  }
}

/**
 * The household an item will lock, if it names one: the batch locks them all first, in one order,
 * so that pushes to the same village wait for each other rather than deadlock.
 */
function namedHousehold(envelope: Envelope): string[] {
  if (envelope.state !== 'valid') return [];
  const { householdId } = handlerFor(envelope.kind).target(envelope.mutation.payload);
  return isUuid(householdId) ? [householdId] : [];
}

/** A valid item that writes set-based (decision 0042), or one applied alone. */
const together = (envelope: Envelope): boolean => envelope.state !== 'valid' || !('alone' in handlerFor(envelope.kind).write);

/**
 * The batch cut into runs, in order: items that go set-based together (with the unreadable and
 * invalid ones among them, which write nothing), and items applied alone. A run applied alone
 * writes before the next run reads, so an item always sees the effects of every item before it.
 */
function runsOf(envelopes: readonly Envelope[]): { together: boolean; items: Envelope[] }[] {
  const runs: { together: boolean; items: Envelope[] }[] = [];
  for (const envelope of envelopes) {
    const last = runs.at(-1);
    if (last && last.together === together(envelope)) last.items.push(envelope);
    else runs.push({ together: together(envelope), items: [envelope] });
  }
  return runs;
}

/** An item read and checked against its kind's schema, ready to be written. */
interface Ready {
  item: Item;
  kind: MutationKind;
  handler: MutationHandler<unknown>;
  input: unknown;
}

/** What an item is before anything is looked up: answered already, refused for its form, or ready. */
type Prepared = { state: 'answered'; result: MutationResult } | { state: 'refused'; item: Item; error: MutationError } | ({ state: 'ready' } & Ready);

function prepare(envelope: Envelope): Prepared {
  if (envelope.state === 'unreadable') return { state: 'answered', result: { id: envelope.id, status: 'rejected', error: envelope.error } };
  if (envelope.state === 'invalid') {
    const item = { id: envelope.id, kind: envelope.kind, payload: envelope.payload, recordedAt: envelope.recordedAt };
    return { state: 'refused', item, error: envelope.error };
  }
  const { id, kind, mutation } = envelope;
  const handler = handlerFor(kind);
  const item = { id, kind, payload: mutation.payload ?? null, recordedAt: mutation.recordedAt, supersedes: mutation.supersedes };
  const payload = readPayload(handler.input, mutation.payload);
  if (!payload.ok) return { state: 'refused', item, error: payload.error };
  return { state: 'ready', item, kind, handler, input: payload.input };
}

const needsOf = (prepared: Prepared) => (prepared.state === 'ready' && 'needs' in prepared.handler.write ? [prepared.handler.write.needs(prepared.input)] : []);

/** An item answered in order: a replay of an id seen before or earlier in the batch, a refusal of its form, or written. */
async function settleItem(ctx: Context, envelope: Envelope, prepared: Prepared, write: (ready: Ready) => Promise<MutationResult>): Promise<MutationResult> {
  if (prepared.state === 'answered') return prepared.result;
  const stored = ctx.seen.get(envelope.id) ?? ctx.recorded.get(envelope.id);
  if (stored) return replay(ctx, stored, prepared.item.kind, envelope.id);
  if (prepared.state === 'refused') return refuse(ctx, prepared.item, prepared.error, 'rejected');
  return write(prepared);
}

/** A refusal of the item's own (an AppError) as the phone is answered; anything else is the server's fault, and stops the batch. */
function refusal(ctx: Context, ready: Ready, error: unknown): Promise<MutationResult> {
  if (!(error instanceof AppError)) throw error;
  return refuse(ctx, ready.item, fromAppError(error), isConflict(error, ready.handler.conflicts) ? 'conflict' : 'rejected');
}

/** An item applied alone: planned, then applied under a savepoint, undone to it when refused while applying. */
async function applyAlone(ctx: Context, ready: Ready): Promise<MutationResult> {
  const { item, handler } = ready;
  if (!('alone' in handler.write)) throw new Error(`${ready.kind} is written set-based, not alone`);
  let plan: PlannedWrite<RecordOfMutation>;
  try {
    // Planning only reads (and audits a refusal, which is kept): no savepoint needed.
    plan = await handler.write.alone(ctx.db, ctx.actor, ready.input);
  } catch (error) {
    return refusal(ctx, ready, error);
  }
  await beforeCorrection(ctx, item);
  const audited = ctx.audits.mark();
  // Not released once the item is applied: the next item's savepoint nests in this one, and a
  // rollback goes to the newest of the name. Releasing cost a round trip per item and freed
  // nothing the commit does not (a released savepoint's writes stay in the transaction).
  await savepoint(ctx.db);
  try {
    return await applied(ctx, ready, plan, await plan.apply(ctx.db));
  } catch (error) {
    // Refused while applying: its effects are undone and the refusal recorded instead. Anything
    // else is the server's fault: the batch stops and its transaction rolls back.
    if (!(error instanceof AppError)) throw error;
    await rollbackToSavepoint(ctx.db);
    ctx.audits.dropSince(audited);
    return refusal(ctx, ready, error);
  }
}

/**
 * An item judged against what its batch read and staged before it (decision 0042). A refusal
 * throws before the item stages anything, so nothing needs undoing; its rows are written with
 * the batch's, after its last item.
 */
async function stageInBatch(ctx: Context, batch: FieldworkBatch, ready: Ready): Promise<MutationResult> {
  const { item, handler } = ready;
  if ('alone' in handler.write) throw new Error(`${ready.kind} is written alone, not set-based`);
  let staged: StagedWrite<RecordOfMutation>;
  try {
    staged = await handler.write.stage(batch, ready.input);
  } catch (error) {
    return refusal(ctx, ready, error);
  }
  await beforeCorrection(ctx, item);
  return applied(ctx, ready, staged, staged.result);
}

/** The refusal a correction settles must be in the table to be marked fixed: written first, so that undoing the correction does not undo it. */
async function beforeCorrection(ctx: Context, item: Item): Promise<void> {
  if (item.supersedes && ctx.unwritten.has(item.supersedes)) await writeOutcomes(ctx);
}

/** An applied item: the refusal it corrects settled, its outcome noted, its record answered. */
async function applied(
  ctx: Context,
  { item, kind }: Ready,
  filed: { provinceCode: string; villageCode: string },
  record: RecordOfMutation,
): Promise<MutationResult> {
  if (item.supersedes) await markFixedByPhone(ctx.db, ctx.actor, item.supersedes);
  const result: StoredResult = { record, recordedAt: item.recordedAt, supersedes: item.supersedes };
  noteOutcome(ctx, { id: item.id, province_code: filed.provinceCode, village_code: filed.villageCode, kind, payload: item.payload, status: 'applied', result });
  return { id: item.id, status: 'applied', ...(record ? { record } : {}) };
}

/** An item's outcome, recorded with the push's others (`writeOutcomes`), in its transaction. */
function noteOutcome(ctx: Context, outcome: Omit<NewMutation, 'account_id' | 'device_id'>): void {
  const row: NewMutation = { ...outcome, account_id: ctx.actor.id, device_id: ctx.deviceId };
  ctx.recorded.set(row.id, row);
  ctx.unwritten.set(row.id, row);
}

/**
 * Writes the outcomes noted so far, in one statement. Every id of the batch has been locked since
 * its start (`lockMutationIds`) and was not recorded then, so none can be recorded meanwhile: an id
 * found taken here is a fault, and the whole batch rolls back (503) rather than answer twice.
 */
async function writeOutcomes(ctx: Context): Promise<void> {
  const rows = [...ctx.unwritten.values()];
  ctx.unwritten.clear();
  const written = await claimMutations(ctx.db, rows);
  if (written !== rows.length)
    throw new Error(`${rows.length - written} of ${rows.length} mutation ids were recorded by another transaction despite their locks`);
}

/** The stored outcome of an id seen before, if this account sent it as this kind. */
async function replay(ctx: Context, stored: SyncMutationRow | NewMutation, kind: string, id: string): Promise<MutationResult> {
  if (stored.account_id !== ctx.actor.id || stored.kind !== kind) return { id, status: 'rejected', error: idReused() };
  const result = (stored.result ?? {}) as StoredResult;
  return {
    id,
    status: 'duplicate',
    originalStatus: stored.status,
    ...(stored.resolution ? { resolution: stored.resolution } : {}),
    ...(result.error ? { error: result.error } : {}),
    ...(result.server ? { server: result.server } : {}),
    ...(result.serverParcel ? { serverParcel: result.serverParcel } : {}),
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
  const server = status === 'conflict' && isMutationKind(item.kind) ? await handlerFor(item.kind).server(ctx.db, item.payload) : {};
  const result: StoredResult = { error, ...server, recordedAt: item.recordedAt, supersedes: item.supersedes };
  noteOutcome(ctx, { id: item.id, province_code: provinceCode, village_code: villageCode, kind: item.kind, payload: item.payload, status, result });
  return { id: item.id, status, error, ...server };
}

/**
 * The village a refusal is filed under: the one the payload names, when the account may see it,
 * else the account's own. A member's attempt on another commune's household is the member's
 * officer's business, and must not show that commune's officer what was attempted; a courier's on
 * another carrier's parcel likewise (the kind says where its records are, `filedUnder`).
 */
async function fileUnder(ctx: Context, item: Item): Promise<{ villageCode: string; provinceCode: string }> {
  const handler = isMutationKind(item.kind) ? handlerFor(item.kind) : undefined;
  if (handler?.filedUnder) return (await handler.filedUnder(ctx.db, ctx.actor, item.payload)) ?? ctx.home;
  const target = handler ? handler.target(item.payload) : {};
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
  await recordAudit(tx, actor, 'sync:resolve', 'sync_mutation', {
    entityId: fixed.id,
    unit: { code: fixed.village_code, province_code: fixed.province_code },
    before: { status: fixed.status, kind: fixed.kind },
    after: { resolution: 'fixed_by_phone' },
  });
}
