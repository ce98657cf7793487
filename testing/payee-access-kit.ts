import { authorize } from '../src/accounts/index.ts';
import { notFound } from '../src/platform/errors.ts';
import { registerPayeeAccess } from '../src/payments/index.ts';
import { findOrgUnit } from '../src/territory/index.ts';

/**
 * Payments knows no shop, so its tests register a real policy of their own for a kind of payee:
 * a village (a cooperative's account, say), managed by whoever may change the territory there,
 * through the accounts' gate.
 */
export function registerVillagePayees(): void {
  registerPayeeAccess('village', async (db, actor, payeeId) => {
    const unit = await findOrgUnit(db, payeeId);
    if (!unit) throw notFound('test.unknown_village', { vi: 'Không có thôn này.', en: 'No such village.' });
    return { actor: await authorize(db, actor, 'territory:write', unit, { entity: 'bank_feed', entityId: payeeId }), unit };
  });
}
