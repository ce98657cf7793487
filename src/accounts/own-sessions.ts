import type { Db } from '../platform/database.ts';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from './access.policy.ts';
import { deleteSessionOf, listLiveSessions } from './account.repository.ts';
import type { AccountSession } from './account-admin.schema.ts';
import { presentSessions } from './list-accounts.ts';
import { sessionNotFound } from './manage-account.ts';

/**
 * One's own sessions: every account may see where it is logged in and end a session it does not
 * recognise. Only its own: a session id of another account is answered as unknown.
 */
export async function listOwnSessions(db: Db, actor: Actor, currentSessionId: string): Promise<{ sessions: AccountSession[] }> {
  return { sessions: presentSessions(await listLiveSessions(db, actor.id), currentSessionId) };
}

export async function endOwnSession(db: Db, actor: Actor, sessionId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if ((await deleteSessionOf(tx, actor.id, sessionId)) === 0) throw sessionNotFound();
    await recordAudit(tx, actor, 'auth:end_session', 'account', { entityId: actor.id, after: { sessionId } });
  });
}
