import type { Db } from '../platform/database.ts';
import { insertAuditEntries } from '../audit/audit.repository.ts';
import type { Actor } from './access.policy.ts';
import { findAccountByUsername, updatePasswordHash } from './account.repository.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { invalidCredentials } from './sessions.ts';

export async function changePassword(db: Db, actor: Actor, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const account = await findAccountByUsername(db, actor.username);
  if (!account || !(await verifyPassword(input.currentPassword, account.password_hash))) throw invalidCredentials();
  await db.transaction().execute(async (tx) => {
    await updatePasswordHash(tx, account.id, await hashPassword(input.newPassword));
    await insertAuditEntries(tx, [{ actorId: actor.id, actorName: actor.username, action: 'account:change_password', entity: 'account', entityId: account.id, outcome: 'ok' }]);
  });
}
