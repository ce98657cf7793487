import type { Db } from '../platform/database.ts';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from './access.policy.ts';
import { deleteSessionsOf, findAccountByUsername, updatePasswordHash } from './account.repository.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { invalidCredentials } from './sessions.ts';

/**
 * Changes one's own password and ends every other session of the account: whoever else held it
 * (a lost phone, a shared computer) is out; the session that made the change stays.
 */
export async function changePassword(db: Db, actor: Actor, input: { currentPassword: string; newPassword: string }, currentTokenHash: string): Promise<void> {
  const account = await findAccountByUsername(db, actor.username);
  if (!account || !(await verifyPassword(input.currentPassword, account.password_hash))) throw invalidCredentials();
  await db.transaction().execute(async (tx) => {
    await updatePasswordHash(tx, account.id, await hashPassword(input.newPassword));
    const ended = await deleteSessionsOf(tx, account.id, currentTokenHash);
    await recordAudit(tx, actor, 'account:change_password', 'account', { entityId: account.id, after: { sessionsEnded: ended } });
  });
}
