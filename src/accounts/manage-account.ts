import type { Db } from '../platform/database.ts';
import { badRequest, notFound } from '../platform/errors.ts';
import type { Role } from './accounts.tables.ts';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from './access.policy.ts';
import {
  deleteRoleAssignment,
  deleteSessionOf,
  deleteSessionsOf,
  insertRoleAssignment,
  listRolesOf,
  setAccountDisabled,
  updatePasswordHash,
} from './account.repository.ts';
import type { AccountSummary } from './account-admin.schema.ts';
import { authorizeGrant } from './authorize.ts';
import { findGrantUnit } from './create-account.ts';
import { loadManagedAccount, presentAccount } from './list-accounts.ts';
import { generatePassword, hashPassword } from './password.ts';

/** What an administrator or a commune officer does to an account of their area; every change audited. */

type Managed = Awaited<ReturnType<typeof loadManagedAccount>>;

/** The account's change in the audit log, filed under the unit of its first role. */
const audit = (tx: Db, managed: Managed, action: string, details: { orgUnitCode?: string; provinceCode?: string; before?: unknown; after?: unknown } = {}) => {
  const [role] = managed.roles;
  const unit = details.orgUnitCode
    ? { code: details.orgUnitCode, province_code: details.provinceCode ?? null }
    : role
      ? { code: role.org_unit_code, province_code: role.province_code }
      : null;
  return recordAudit(tx, managed.actor, action, 'account', { entityId: managed.account.id, unit, before: details.before, after: details.after });
};

/** A new one-time password, to be changed at the next log-in; whoever held the account is logged out. */
export async function resetPassword(db: Db, actor: Actor | null, id: string): Promise<{ oneTimePassword: string }> {
  const managed = await loadManagedAccount(db, actor, id);
  const oneTimePassword = generatePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  await db.transaction().execute(async (tx) => {
    await updatePasswordHash(tx, id, passwordHash, true);
    const ended = await deleteSessionsOf(tx, id);
    await audit(tx, managed, 'account:reset_password', { after: { sessionsEnded: ended } });
  });
  return { oneTimePassword };
}

/** Deactivating ends every session at once; a deactivated account cannot log in until brought back. */
export async function setAccountActive(db: Db, actor: Actor | null, id: string, active: boolean): Promise<AccountSummary> {
  const managed = await loadManagedAccount(db, actor, id);
  if (!active && managed.actor.id === id) {
    throw badRequest('account.not_yourself', { vi: 'Bạn không thể tự khóa tài khoản của mình.', en: 'You cannot deactivate your own account.' }, 'active');
  }
  const wasActive = managed.account.disabled_at === null;
  if (wasActive === active) return presentAccount(managed.account, managed.roles);
  await db.transaction().execute(async (tx) => {
    await setAccountDisabled(tx, id, !active);
    const ended = active ? 0 : await deleteSessionsOf(tx, id);
    await audit(tx, managed, active ? 'account:reactivate' : 'account:deactivate', { before: { active: wasActive }, after: { active, sessionsEnded: ended } });
  });
  return presentAccount({ ...managed.account, disabled_at: active ? null : new Date() }, managed.roles);
}

/** Logs the account out everywhere (a lost phone): it can log in again with its password. */
export async function endSessions(db: Db, actor: Actor | null, id: string): Promise<{ ended: number }> {
  const managed = await loadManagedAccount(db, actor, id);
  return db.transaction().execute(async (tx) => {
    const ended = await deleteSessionsOf(tx, id);
    await audit(tx, managed, 'account:end_sessions', { after: { sessionsEnded: ended } });
    return { ended };
  });
}

/** Ends one session of the account (the phone that was lost), leaving its others open. */
export async function endSession(db: Db, actor: Actor | null, id: string, sessionId: string): Promise<void> {
  const managed = await loadManagedAccount(db, actor, id);
  await db.transaction().execute(async (tx) => {
    if ((await deleteSessionOf(tx, id, sessionId)) === 0) throw sessionNotFound();
    await audit(tx, managed, 'account:end_session', { after: { sessionId } });
  });
}

export const sessionNotFound = () =>
  notFound('session.not_found', { vi: 'Không có phiên đăng nhập này (có thể đã kết thúc).', en: 'There is no such session (it may have ended already).' });

/** Adds a role at a unit: the actor must be able to grant it there, and to manage the account. */
export async function grantRole(db: Db, actor: Actor | null, id: string, grant: { role: Role; orgUnitCode: string }): Promise<AccountSummary> {
  const managed = await loadManagedAccount(db, actor, id);
  const unit = await findGrantUnit(db, grant.role, grant.orgUnitCode);
  await authorizeGrant(db, managed.actor, grant.role, unit, { entity: 'account', entityId: id });
  await db.transaction().execute(async (tx) => {
    await insertRoleAssignment(tx, { accountId: id, role: grant.role, orgUnitCode: unit.code, scopePath: unit.path, provinceCode: unit.province_code });
    await audit(tx, managed, 'account:grant_role', { orgUnitCode: unit.code, provinceCode: unit.province_code, after: grant });
  });
  return presentAccount(managed.account, await listRolesOf(db, [id]));
}

/** Takes a role away; never the last one (deactivate the account instead), so every account stays in someone's area. */
export async function removeRole(db: Db, actor: Actor | null, id: string, grant: { role: Role; orgUnitCode: string }): Promise<AccountSummary> {
  const managed = await loadManagedAccount(db, actor, id);
  const held = managed.roles.find((r) => r.role === grant.role && r.org_unit_code === grant.orgUnitCode);
  if (!held)
    throw notFound('account.role_not_found', { vi: 'Tài khoản không có vai trò này ở đơn vị này.', en: 'The account does not hold this role at this unit.' });
  if (managed.roles.length === 1) {
    throw badRequest('account.last_role', {
      vi: 'Không thể bỏ vai trò cuối cùng của tài khoản. Nếu người này thôi việc, hãy khóa tài khoản.',
      en: 'An account’s last role cannot be removed. If the person has left, deactivate the account.',
    });
  }
  await db.transaction().execute(async (tx) => {
    await deleteRoleAssignment(tx, { accountId: id, ...grant });
    await audit(tx, managed, 'account:remove_role', { orgUnitCode: held.org_unit_code, provinceCode: held.province_code, before: grant });
  });
  return presentAccount(managed.account, await listRolesOf(db, [id]));
}
