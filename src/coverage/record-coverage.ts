import type { Db } from '../platform/database.ts';
import { assertNoIssues, notFound, type Issue } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { type Actor, authorize } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgUnit, LEVEL, type OrgUnitRow } from '../territory/index.ts';
import { refreshUnit } from '../indicators/index.ts';
import { COVERAGE_ELEMENTS } from './coverage.indicators.ts';
import { checkBroadband, checkObservedOn } from './coverage.rules.ts';
import type { BroadbandRecord, CommuneFiberRecord, MobileCoverageRecord } from './coverage.schema.ts';
import { operatorExists, upsertBroadband, upsertCommuneFiber, upsertMobileCoverage } from './coverage.repository.ts';

interface Recording<R> {
  unitCode: string;
  level: number;
  record: R & { operatorCode: string; observedOn: string };
  issues: Issue[];
  action: string;
  write: (tx: Db, unit: OrgUnitRow, actorId: string) => Promise<void>;
}

/** The one path of every coverage write: find the unit, authorise, check, write and audit together. */
async function recordCoverage<R>(db: Db, caller: Actor | null, r: Recording<R>): Promise<R> {
  const unit = await findOrgUnit(db, r.unitCode);
  if (!unit || unit.level !== r.level) {
    throw notFound('org_unit.not_found', { vi: `Không có đơn vị mã ${r.unitCode} ở cấp này.`, en: `There is no unit ${r.unitCode} at this level.` }, 'code');
  }
  const actor = await authorize(db, caller, 'coverage:write', unit, { entity: 'coverage', entityId: unit.code });
  const issues = [...checkObservedOn(r.record.observedOn, todayInVietnam()), ...r.issues];
  if (!(await operatorExists(db, r.record.operatorCode))) {
    issues.push({
      code: 'coverage.unknown_operator',
      field: 'operatorCode',
      message: { vi: `Không có nhà mạng mã ${r.record.operatorCode}.`, en: `There is no operator ${r.record.operatorCode}.` },
    });
  }
  assertNoIssues(issues);
  await db.transaction().execute(async (tx) => {
    await r.write(tx, unit, actor.id);
    await refreshUnit(tx, unit, r.record.observedOn, COVERAGE_ELEMENTS);
    await recordAudit(tx, actor, r.action, 'coverage', { entityId: unit.code, unit, after: r.record });
  });
  return r.record;
}

export const recordMobileCoverage = (db: Db, actor: Actor | null, villageCode: string, record: MobileCoverageRecord) =>
  recordCoverage(db, actor, {
    unitCode: villageCode,
    level: LEVEL.village,
    record,
    issues: [],
    action: 'coverage:mobile',
    write: (tx, unit, by) => upsertMobileCoverage(tx, unit, record, by),
  });

export const recordBroadband = (db: Db, actor: Actor | null, villageCode: string, record: BroadbandRecord) =>
  recordCoverage(db, actor, {
    unitCode: villageCode,
    level: LEVEL.village,
    record,
    issues: checkBroadband(record),
    action: 'coverage:broadband',
    write: (tx, unit, by) => upsertBroadband(tx, unit, record, by),
  });

export const recordCommuneFiber = (db: Db, actor: Actor | null, communeCode: string, record: CommuneFiberRecord) =>
  recordCoverage(db, actor, {
    unitCode: communeCode,
    level: LEVEL.commune,
    record,
    issues: [],
    action: 'coverage:commune_fiber',
    write: (tx, unit, by) => upsertCommuneFiber(tx, unit, record, by),
  });
