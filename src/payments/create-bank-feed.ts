import { randomBytes } from 'node:crypto';
import type { Db } from '../platform/database.ts';
import { newId } from '../platform/ids.ts';
import type { SecretBox } from '../platform/secret-box.ts';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../accounts/index.ts';
import { hashApiKey } from './bank-webhook.rules.ts';
import { insertBankFeed } from './bank-feed.repository.ts';
import { presentBankFeed } from './bank-feed.presenter.ts';
import type { CreatedBankFeed, NewBankFeed } from './bank-feed.schema.ts';
import { authorizePayee, type Payee } from './payee-access.ts';

/**
 * A payee's new bank feed: the secret is returned this once, for the payee to paste into the
 * provider, and kept only as SePay needs it checked (a hash) or Casso needs it used (sealed).
 * Audited without the secret.
 */
export async function createBankFeed(db: Db, box: SecretBox, actor: Actor | null, payee: Payee, input: NewBankFeed, origin: string): Promise<CreatedBankFeed> {
  const scope = await authorizePayee(db, actor, payee);
  const secret = input.secret ?? randomBytes(24).toString('base64url');
  return db.transaction().execute(async (tx) => {
    const row = await insertBankFeed(tx, {
      id: newId(),
      provider: input.provider,
      payee_kind: payee.kind,
      payee_id: payee.id,
      province_code: scope.unit.province_code,
      account_number: input.accountNumber,
      secret_hash: input.provider === 'sepay' ? hashApiKey(secret) : null,
      secret_sealed: input.provider === 'casso' ? box.seal(secret) : null,
      created_by: scope.actor.id,
    });
    await recordAudit(tx, scope.actor, 'bank_feed:create', 'bank_feed', {
      entityId: row.id,
      unit: scope.unit,
      after: { provider: row.provider, payeeKind: row.payee_kind, payeeId: row.payee_id, accountNumber: row.account_number },
    });
    return { feed: presentBankFeed(row, origin), secret };
  });
}
