import type { OrgUnitRow } from '../territory/index.ts';
import type { listCoverageRecords } from '../coverage/index.ts';
import { VISIT_ACTIVITIES, type listTrainingRecords, type listVisitRecords, type VisitActivityCode } from '../teams/index.ts';
import type { CoverageImport } from './coverage-import.rules.ts';
import { ethnicColumnsOf, type TrainingImport } from './training-import.rules.ts';
import type { VillageImport } from './village-import.rules.ts';
import type { VisitImport } from './visit-import.rules.ts';

/** Records as their modules store them, turned into the rows an import reads: the same shape both ways, so export → import round-trips. */

type StoredCoverage = Awaited<ReturnType<typeof listCoverageRecords>>;
type StoredTraining = Awaited<ReturnType<typeof listTrainingRecords>>[number];
type StoredVisit = Awaited<ReturnType<typeof listVisitRecords>>[number];

export const toVillageImport = (r: OrgUnitRow): VillageImport => ({
  communeCode: r.parent_code ?? '',
  code: r.code,
  name: r.name,
  kind: r.kind === 'ban' || r.kind === 'khoi_pho' ? r.kind : 'thon',
  ethnicGroups: r.ethnic_groups,
  latitude: r.latitude ?? undefined,
  longitude: r.longitude ?? undefined,
});

export const toCoverageImports = ({ mobile, fixed }: StoredCoverage): CoverageImport[] => [
  ...mobile.map((r): CoverageImport => ({
    type: 'di_dong',
    villageCode: r.village_code,
    operatorCode: r.operator_code,
    technology: r.technology,
    quality: r.quality,
    observedOn: r.observed_on,
  })),
  ...fixed.map((r): CoverageImport => ({
    type: 'co_dinh',
    villageCode: r.village_code,
    operatorCode: r.operator_code,
    fiberReaches: r.fiber_reaches,
    ftthAvailable: r.ftth_available,
    observedOn: r.observed_on,
  })),
];

export const toTrainingImport = (r: StoredTraining): TrainingImport => ({
  villageCode: r.village_code,
  heldOn: r.held_on,
  // Written by an import or the API, both of which only accept the catalogue's codes.
  topic: r.topic as TrainingImport['topic'],
  place: r.place,
  trainer: r.trainer,
  total: r.attendees,
  female: r.attendees_female,
  male: r.attendees_male,
  under15: r.attendees_under_15,
  from15to29: r.attendees_15_to_29,
  from30to59: r.attendees_30_to_59,
  from60: r.attendees_60_plus,
  ...ethnicColumnsOf(r.attendees_by_ethnic_group),
});

export const activitiesOf = (r: Record<VisitActivityCode, number>) =>
  Object.fromEntries(VISIT_ACTIVITIES.map((c) => [c, r[c]])) as Record<VisitActivityCode, number>;

export const toVisitImport = (r: StoredVisit, label: string): VisitImport => ({
  villageCode: r.village_code,
  label,
  visitedOn: r.visited_on,
  ...activitiesOf(r),
  residentsGuided: r.residents_guided,
  ...(r.note ? { note: r.note } : {}),
});
