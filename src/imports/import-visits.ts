import type { Db } from '../platform/database.ts';
import { conflict, type Issue } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import type { Actor } from '../accounts/index.ts';
import { insertRecordedVisits, listVisitRecords, surveyAfterVisit, type RecordedSupportVisit } from '../teams/index.ts';
import { newId } from '../platform/ids.ts';
import { activitiesOf } from './stored-records.rules.ts';
import { checkVisitRow, VISIT_IMPORT, visitKey, visitOf, type VisitImport } from './visit-import.rules.ts';
import { findHouseholdsByLabel, touchHouseholdsAsSeen, upsertSurveys, type LabelledHousehold, type SurveyWrite } from '../households/index.ts';
import { firstYear, runImport, type ImportOptions, type ImportSpec } from './run-import.ts';

/** A new visit, a household's adoption record after its visits, or a household whose record moves on from the version the plan read. */
type VisitWrite = { visit: Omit<RecordedSupportVisit, 'recorded_by'> } | { survey: SurveyWrite } | { touch: { id: string; version: number } };

/** The adoption records were planned from the households as they were; a phone or an officer changed one since. */
const householdsChangedMeanwhile = () =>
  conflict('import.households_changed_meanwhile', {
    vi: 'Trong lúc nhập tệp, một số hộ trong tệp vừa được khảo sát hoặc sửa. Chưa dòng nào được ghi: hãy gửi lại tệp.',
    en: 'While the file was being imported, some of its households were surveyed or changed. Nothing was written: send the file again.',
  });

const unknownHousehold = (row: number, village: string, label: string): Issue => ({
  code: 'import.unknown_household',
  row,
  field: 'label',
  message: {
    vi: `Thôn/bản ${village} không có hộ "${label}" trong sổ. Kiểm tra nhãn hộ, hoặc nhập hộ trước (nhập hộ gia đình).`,
    en: `Village ${village} has no household "${label}" in the register. Check the label, or import the household first (household import).`,
  },
});

const archivedHousehold = (row: number, label: string): Issue => ({
  code: 'import.household_archived',
  row,
  field: 'label',
  message: { vi: `Hộ "${label}" đã được lưu trữ (không còn ở thôn/bản).`, en: `Household "${label}" is archived (no longer lives in the village).` },
});

/** A new visit with the household it is for, found in the register. */
interface VisitOfHousehold {
  household: LabelledHousehold;
  provinceCode: string;
  record: VisitImport;
}

/**
 * Each visited household's adoption record after the file's new visits, applied in date order
 * (file order within a day), each through the shared rule. One survey per household and day: the
 * day's last state holds every visit of that day, and one statement cannot write a row twice.
 */
export function surveysAfterVisits(visits: readonly VisitOfHousehold[]): SurveyWrite[] {
  const byHousehold = new Map<string, VisitOfHousehold[]>();
  for (const visit of visits) {
    const ofHousehold = byHousehold.get(visit.household.id);
    if (ofHousehold) ofHousehold.push(visit);
    else byHousehold.set(visit.household.id, [visit]);
  }
  const surveys = new Map<string, SurveyWrite>();
  for (const [householdId, ofHousehold] of byHousehold) {
    let current = ofHousehold[0]?.household.latest ?? null;
    // Array.prototype.sort is stable: visits of one day keep the file's order.
    for (const { household, provinceCode, record } of [...ofHousehold].sort((a, b) => a.record.visitedOn.localeCompare(b.record.visitedOn))) {
      const next = current && surveyAfterVisit(current, visitOf(record, householdId));
      if (!next) continue;
      surveys.set(`${householdId}|${next.surveyedOn}`, { householdId, provinceCode, villageCode: household.villageCode, survey: next });
      current = next;
    }
  }
  return [...surveys.values()];
}

const visits: ImportSpec<VisitImport, VisitWrite> = {
  kind: VISIT_IMPORT,
  async plan(db, rows) {
    const villages = [...new Set(rows.map((r) => r.unit.code))];
    const households = await findHouseholdsByLabel(db, villages, [...new Set(rows.map((r) => r.record.label))]);
    const householdOf = new Map(households.map((h) => [`${h.villageCode}|${h.label}`, h]));
    const stored = await listVisitRecords(db, { householdIds: households.map((h) => h.id), days: [...new Set(rows.map((r) => r.record.visitedOn))] });
    const recorded = new Set(stored.map((r) => visitKey(r.household_id, { visitedOn: r.visited_on, residentsGuided: r.residents_guided, ...activitiesOf(r) })));

    const today = todayInVietnam();
    const issues: Issue[] = [];
    const fresh: VisitOfHousehold[] = [];
    let unchanged = 0;
    for (const row of rows) {
      const household = householdOf.get(`${row.unit.code}|${row.record.label}`);
      if (!household) {
        issues.push(unknownHousehold(row.row, row.unit.code, row.record.label));
        continue;
      }
      if (household.archived) {
        issues.push(archivedHousehold(row.row, row.record.label));
        continue;
      }
      // A visit already recorded is not judged again: a later survey may have changed the household since.
      if (recorded.has(visitKey(household.id, row.record))) {
        unchanged++;
        continue;
      }
      // The row alone passed the rules when it was read; what is left is what the household's latest survey shows.
      const broken = checkVisitRow(row.record, today, household.latest);
      if (broken.length > 0) issues.push(...broken.map((issue) => ({ ...issue, row: row.row })));
      else fresh.push({ household, provinceCode: row.unit.province_code, record: row.record });
    }

    const surveys = surveysAfterVisits(fresh);
    const versionOf = new Map(fresh.map(({ household }) => [household.id, household.version]));
    const writes: VisitWrite[] = [
      // First: each household is locked, and checked unchanged since the plan, before anything is written.
      ...[...new Set(surveys.map((s) => s.householdId))].map((id): VisitWrite => ({ touch: { id, version: versionOf.get(id)! } })),
      ...fresh.map(({ household, provinceCode, record }): VisitWrite => ({
        visit: {
          id: newId(),
          province_code: provinceCode,
          village_code: household.villageCode,
          household_id: household.id,
          visited_on: record.visitedOn,
          ...activitiesOf(record),
          residents_guided: record.residentsGuided,
          note: record.note ?? null,
        },
      })),
      ...surveys.map((survey): VisitWrite => ({ survey })),
    ];
    return {
      writes,
      issues,
      created: fresh.length,
      updated: 0,
      unchanged,
      refresh: { villages: [...new Set(fresh.map((v) => v.household.villageCode))], fromYear: firstYear(fresh.map((v) => v.record.visitedOn)) },
    };
  },
  async write(tx, writes, recordedBy) {
    const changed = await touchHouseholdsAsSeen(
      tx,
      writes.flatMap((w) => ('touch' in w ? [w.touch] : [])),
    );
    if (changed.length > 0) throw householdsChangedMeanwhile();
    await insertRecordedVisits(
      tx,
      writes.flatMap((w) => ('visit' in w ? [{ ...w.visit, recorded_by: recordedBy }] : [])),
    );
    await upsertSurveys(
      tx,
      writes.flatMap((w) => ('survey' in w ? [w.survey] : [])),
      recordedBy,
    );
  },
};

/**
 * Support visits from a spreadsheet. Each new visit is recorded and moves its household's adoption
 * counts on, as a visit from the field app does; a visit already recorded (same household, day and
 * people per activity) is left as it is, so importing a file twice adds nothing twice.
 */
export const importVisits = (db: Db, actor: Actor | null, bytes: Uint8Array, options: ImportOptions) => runImport(db, actor, bytes, visits, options);
