import type { Db } from '../platform/database.ts';
import { badRequest, conflict, forbidden, notFound } from '../platform/errors.ts';
import { type Actor, authorize, can, type ScopedUnit } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgUnit } from '../territory/index.ts';
import { findHousehold, householdNotFound, householdUpdateInput, planSurvey } from '../households/index.ts';
import { findCourierCarrier, findMutation, resolveOpenMutation, setMutationResult, type StoredResult, type SyncMutationRow } from './sync.repository.ts';
import { isUuid } from '../platform/ids.ts';
import { COURIER_KINDS, type MutationKind, type Resolution } from './sync.schema.ts';

const mutationNotFound = (id: string) => notFound('sync.mutation_not_found', { vi: 'Không tìm thấy thay đổi này.', en: `There is no mutation ${id}.` }, 'id');

const nothingToResolve = () =>
  conflict('sync.nothing_to_resolve', { vi: 'Thay đổi này đã được ghi nhận, không cần xử lý.', en: 'This mutation was applied; there is nothing to resolve.' });

const alreadyResolved = () =>
  conflict('sync.already_resolved', { vi: 'Thay đổi này đã được người khác xử lý.', en: 'Someone has already resolved this mutation.' });

const cannotApplyPhone = () =>
  badRequest(
    'sync.cannot_apply_phone',
    {
      vi: 'Chỉ có thể áp dụng bản trên điện thoại cho việc cập nhật hộ. Việc khác cần được sửa trên điện thoại rồi gửi lại.',
      en: "Only a household update can be applied over the server's version. Anything else must be corrected on the phone and sent again.",
    },
    'resolution',
  );

/**
 * Settles a rejected or conflicting mutation (docs/decisions/0007-field-sync.md):
 * - `kept_server`: an officer keeps what the server has; the phone's change is dropped.
 * - `applied_phone`: an officer applies the phone's household update over the household's
 *   current version (planned and authorised as the officer's own write).
 * - `fixed_by_phone`: the account that pushed it corrected it (a new mutation) or dropped it.
 * Every resolution is audited; a refusal too.
 */
export async function resolveMutation(
  db: Db,
  actor: Actor,
  id: string,
  resolution: Resolution,
): Promise<{ id: string; status: SyncMutationRow['status']; resolution: Resolution; resolvedAt: string; record?: { id: string; version?: number } }> {
  const row = isUuid(id) ? await findMutation(db, id) : undefined;
  if (!row) throw mutationNotFound(id);
  if (row.status === 'applied') throw nothingToResolve();
  if (row.resolved_at) throw alreadyResolved();
  await mayResolve(db, actor, row, resolution);

  if (resolution !== 'applied_phone') {
    const resolved = await db.transaction().execute(async (tx) => {
      const done = await resolveOpenMutation(tx, id, { resolution, resolvedBy: actor.id, ofAccount: resolution === 'fixed_by_phone' ? actor.id : undefined });
      if (!done) throw alreadyResolved();
      await auditResolution(tx, actor, done, resolution);
      return done;
    });
    return { id, status: resolved.status, resolution, resolvedAt: new Date(resolved.resolved_at!).toISOString() };
  }

  const input = row.kind === 'household.update' ? householdUpdateInput.safeParse(row.payload) : undefined;
  if (!input?.success) throw cannotApplyPhone();
  const household = await findHousehold(db, input.data.householdId);
  if (!household) throw householdNotFound(input.data.householdId);
  // Against the version there is now: the officer has seen both and chosen the phone's survey.
  // Should the household move on again before this lands, the plan answers 409 and nothing changes.
  const plan = await planSurvey(db, actor, household.id, input.data.survey, household.version);
  return db.transaction().execute(async (tx) => {
    const done = await resolveOpenMutation(tx, id, { resolution, resolvedBy: actor.id });
    if (!done) throw alreadyResolved();
    const written = await plan.apply(tx);
    const record = { id: written.id, version: written.version };
    await setMutationResult(tx, id, { ...((done.result ?? {}) as StoredResult), record });
    await auditResolution(tx, actor, done, resolution, record);
    return { id, status: done.status, resolution, resolvedAt: new Date(done.resolved_at!).toISOString(), record };
  });
}

async function mayResolve(db: Db, actor: Actor, row: SyncMutationRow, resolution: Resolution): Promise<void> {
  if (resolution === 'fixed_by_phone') {
    if (row.account_id === actor.id) return;
    await recordAudit(db, actor, 'sync:resolve', 'sync_mutation', {
      entityId: row.id,
      unit: { code: row.village_code, province_code: row.province_code },
      outcome: 'denied',
    });
    throw forbidden();
  }
  // Filed under a village (or, failing that, the pusher's own unit); the province as a last resort.
  const unit: ScopedUnit = (row.village_code ? await findOrgUnit(db, row.village_code) : undefined) ?? {
    code: row.province_code,
    path: row.province_code,
    province_code: row.province_code,
  };
  // A courier's refusal is also its carrier's dispatchers' to settle: they plan its days.
  const courierKind = (COURIER_KINDS as readonly MutationKind[]).includes(row.kind as MutationKind);
  const carrierId = courierKind ? await findCourierCarrier(db, row.account_id) : undefined;
  const action = carrierId !== undefined && !can(actor, 'sync:resolve', unit.path) ? 'delivery:plan' : 'sync:resolve';
  await authorize(db, actor, action, { ...unit, carrierId }, { entity: 'sync_mutation', entityId: row.id });
}

async function auditResolution(tx: Db, actor: Actor, row: SyncMutationRow, resolution: Resolution, record?: { id: string; version?: number }): Promise<void> {
  const result = (row.result ?? {}) as StoredResult;
  await recordAudit(tx, actor, 'sync:resolve', 'sync_mutation', {
    entityId: row.id,
    unit: { code: row.village_code, province_code: row.province_code },
    before: { status: row.status, kind: row.kind, accountId: row.account_id, error: result.error?.code ?? null, server: result.server ?? null },
    after: { resolution, ...(record ? { record } : {}) },
  });
}
