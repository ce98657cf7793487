import type { Db } from '../platform/database.ts';
import { recordAudit } from '../audit/index.ts';
import { authorize, type Actor } from '../accounts/index.ts';
import { FIRST_YEAR, yearsFrom } from '../indicators/index.ts';
import { findProvince } from './link-province.ts';
import { pullProvince, type PullOutcome } from './pull-province.ts';

/** A national administrator pulls a province now rather than at its next period (after fixing its link, say); audited. */
export async function pullProvinceNow(db: Db, actor: Actor | null, provinceCode: string): Promise<PullOutcome> {
  const province = await findProvince(db, provinceCode);
  const allowed = await authorize(db, actor, 'national:manage', province, { entity: 'national_link', entityId: provinceCode });
  const outcome = await pullProvince(db, provinceCode, yearsFrom(FIRST_YEAR).map(String));
  await recordAudit(db, allowed, 'national:pull', 'national_link', { entityId: provinceCode, unit: province, after: outcome });
  return outcome;
}
