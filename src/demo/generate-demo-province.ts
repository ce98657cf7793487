import { readFileSync } from 'node:fs';
import type { Db } from '../platform/database.ts';
import { badRequest, conflict } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { foldForSearch } from '../platform/text.ts';
import { LEVEL, type NewOrgUnit, upsertOrgUnits } from '../territory/index.ts';
import type { OperatorProfile } from './demo-coverage.rules.ts';
import { insertCommuneFiber, insertFixedBroadband, insertMobileCoverage, insertSubscriberReports, loadOperators } from '../coverage/index.ts';
import { insertHouseholds, insertHouseholdSurveys, surveyColumns, type NewHousehold, type NewHouseholdSurvey } from '../households/index.ts';
import {
  insertSupportVisits,
  insertTeamMembers,
  insertTeams,
  insertTrainings,
  type NewSupportVisit,
  type NewTeam,
  type NewTeamMember,
} from '../teams/index.ts';
import { householdLabel } from './demo-households.rules.ts';
import { planDemoProvince, type DemoProvincePlan } from './demo-province.rules.ts';
import type { DemoVillage, VillageTraits } from './demo-villages.rules.ts';
import type { DemoTeam, TeamTraits } from './demo-teams.rules.ts';
import { SCALE_LIMITS, SURVEY_YEARS, surveyDay } from './demo.rules.ts';
import { countVillages, readTerritory } from './demo.repository.ts';
import { seedTargets } from '../indicators/index.ts';
import { planTargetsAt, type PlanTargets } from './demo-targets.rules.ts';
import { writeDeliveries } from './demo-deliveries.ts';
import { writeMarket } from './demo-market.ts';
import type { MarketTraits } from './demo-market.rules.ts';
import { todayInVietnam } from '../platform/dates.ts';

export interface DemoOptions {
  seed: number;
  scale: number;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface DemoSummary {
  villages: number;
  households: number;
  residents: number;
  surveys: number;
  coverageRecords: number;
  teams: number;
  teamMembers: number;
  teamMembersTrained: number;
  trainings: number;
  visits: number;
  shops: number;
  orders: number;
  seconds: number;
}

/**
 * Rows per statement (5,000 households write 25,000 surveys): measured fastest on PGlite, whose
 * memory grows with the largest statement, and it keeps only one chunk of rows in memory.
 */
const CHUNK = 5_000;

type Progress = NonNullable<DemoOptions['onProgress']>;

/**
 * Generates the demo province inside the real territory (migrations applied, province and
 * communes loaded): operators, villages, their coverage history, households and five years of
 * surveys, calibrated to the report, and each village's community digital team with its trainings
 * and support visits, a year of the courier route's parcels, and two years of the village market.
 * One transaction: all of it or nothing. The same seed and
 * scale give the same content (only ids differ).
 */
export async function generateDemoProvince(db: Db, options: DemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  checkOptions(options);
  const { operators, traits, teamTraits, planTargets, marketTraits } = readDemoData();
  const progress: Progress = options.onProgress ?? (() => undefined);

  const counts = await db.transaction().execute(async (tx) => {
    if ((await countVillages(tx)) > 0) throw demoNotEmpty();
    const territory = await readTerritory(tx);
    if (!territory) throw territoryMissing();
    const plan = planDemoProvince({ ...territory, operators, traits, teamTraits, seed: options.seed, scale: options.scale });
    const { villages, coverage, register } = plan;

    const p = territory.province.code;
    await loadOperators(tx);
    await upsertOrgUnits(
      tx,
      villages.map((v) => villageUnit(v, p)),
    );
    progress('villages', villages.length, villages.length);
    await inChunks('mobile coverage', coverage.mobile, progress, (rows) =>
      insertMobileCoverage(
        tx,
        rows.map((r) => ({
          id: newId(),
          province_code: p,
          village_code: r.villageCode,
          operator_code: r.operatorCode,
          technology: r.technology,
          quality: r.quality,
          observed_on: r.observedOn,
          note: r.note,
        })),
      ),
    );
    await inChunks('fixed broadband', coverage.broadband, progress, (rows) =>
      insertFixedBroadband(
        tx,
        rows.map((r) => ({
          id: newId(),
          province_code: p,
          village_code: r.villageCode,
          operator_code: r.operatorCode,
          fiber_reaches: r.fiberReaches,
          ftth_available: r.ftthAvailable,
          observed_on: r.observedOn,
        })),
      ),
    );
    await inChunks('commune fibre', coverage.communeFiber, progress, (rows) =>
      insertCommuneFiber(
        tx,
        rows.map((r) => ({
          id: newId(),
          province_code: p,
          commune_code: r.communeCode,
          operator_code: r.operatorCode,
          has_point_of_presence: r.hasPointOfPresence,
          observed_on: r.observedOn,
        })),
      ),
    );
    await inChunks('subscriber reports', plan.subscribers, progress, (rows) =>
      insertSubscriberReports(
        tx,
        rows.map((r) => ({
          id: newId(),
          province_code: p,
          org_unit_code: r.communeCode,
          operator_code: r.operatorCode,
          reported_on: r.reportedOn,
          smartphone_subscribers: r.smartphoneSubscribers,
        })),
      ),
    );
    await writeTeams(tx, p, plan.teams, progress);
    await inChunks('trainings', plan.trainings, progress, (rows) =>
      insertTrainings(
        tx,
        rows.map((r) => ({
          id: newId(),
          province_code: p,
          village_code: r.villageCode,
          held_on: r.heldOn,
          topic: r.topic,
          place: r.place,
          trainer: r.trainer,
          attendees: r.attendees.total,
          attendees_female: r.attendees.female,
          attendees_male: r.attendees.male,
          attendees_under_15: r.attendees.byAge.under15,
          attendees_15_to_29: r.attendees.byAge.from15to29,
          attendees_30_to_59: r.attendees.byAge.from30to59,
          attendees_60_plus: r.attendees.byAge.from60,
          attendees_by_ethnic_group: r.attendees.byEthnicGroup ?? null,
        })),
      ),
    );
    const visits = await writeHouseholds(tx, p, plan, progress);
    await seedTargets(tx, planTargetsAt(planTargets, options.scale));
    const today = todayInVietnam();
    await writeDeliveries(tx, villages, options.seed, today, options.scale, progress);
    const market = await writeMarket(tx, { villages, provinceCode: p, traits: marketTraits, teamTraits, seed: options.seed, today }, progress);
    const members = plan.teams.flatMap((t) => t.members);

    return {
      villages: villages.length,
      households: register.count,
      residents: register.members.reduce((sum, m) => sum + m, 0),
      surveys: register.count * SURVEY_YEARS.length,
      coverageRecords: coverage.mobile.length + coverage.broadband.length + coverage.communeFiber.length,
      teams: plan.teams.length,
      teamMembers: members.length,
      teamMembersTrained: members.filter((m) => m.trainedOn !== null).length,
      trainings: plan.trainings.length,
      visits,
      ...market,
    };
  });
  return { ...counts, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

function checkOptions(options: DemoOptions): void {
  if (!Number.isSafeInteger(options.seed)) {
    throw badRequest('demo.bad_seed', { vi: 'Hạt giống (seed) phải là một số nguyên.', en: 'The seed must be a whole number.' }, 'seed');
  }
  const { min, max } = SCALE_LIMITS;
  if (!(options.scale >= min && options.scale <= max)) {
    throw badRequest(
      'demo.bad_scale',
      { vi: `Hệ số quy mô phải từ ${String(min).replace('.', ',')} đến ${max}.`, en: `The scale must be between ${min} and ${max}.` },
      'scale',
    );
  }
}

const demoNotEmpty = () =>
  conflict('demo.not_empty', {
    vi: 'Cơ sở dữ liệu đã có thôn, bản: tỉnh mẫu chỉ được tạo trong cơ sở dữ liệu chưa có thôn nào. Không có gì được ghi.',
    en: 'The database already holds villages: the demo province is only generated into a database without any. Nothing was written.',
  });

const territoryMissing = () =>
  conflict('demo.no_territory', {
    vi: 'Chưa nạp tỉnh và các xã, phường: hãy nạp địa giới hành chính trước khi tạo tỉnh mẫu.',
    en: 'The province and its communes are not loaded: load the territory before generating the demo province.',
  });

/** Operators, village and team ingredients are data (src/demo/data), read at run time. */
export function readDemoData(): {
  operators: OperatorProfile[];
  traits: VillageTraits;
  teamTraits: TeamTraits;
  planTargets: PlanTargets;
  marketTraits: MarketTraits;
} {
  const read = <T>(file: string) => JSON.parse(readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8')) as T;
  return {
    operators: read<{ operators: OperatorProfile[] }>('operators.json').operators,
    traits: read<VillageTraits>('village-traits.json'),
    teamTraits: read<TeamTraits>('team-traits.json'),
    planTargets: read<PlanTargets>('plan-targets.json'),
    marketTraits: read<MarketTraits>('market-shops.json'),
  };
}

function villageUnit(v: DemoVillage, provinceCode: string): NewOrgUnit {
  return {
    code: v.code,
    parent_code: v.communeCode,
    level: LEVEL.village,
    kind: v.kind,
    name: v.name,
    full_name: v.fullName,
    name_en: null,
    search_name: foldForSearch(v.fullName),
    path: v.path,
    province_code: provinceCode,
    is_demo: v.isDemo,
    // A village's population is counted from its households, never stored.
    population: null,
    latitude: v.latitude,
    longitude: v.longitude,
    ethnic_groups: v.ethnicGroups,
    details: v.details,
  };
}

async function inChunks<T>(step: string, rows: readonly T[], progress: Progress, write: (chunk: readonly T[]) => Promise<void>): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    await write(rows.slice(start, start + CHUNK));
    progress(step, Math.min(rows.length, start + CHUNK), rows.length);
  }
}

/** Teams and their members; a team's id is made here, where its members need it. */
async function writeTeams(db: Db, provinceCode: string, teams: readonly DemoTeam[], progress: Progress): Promise<void> {
  for (let start = 0; start < teams.length; start += CHUNK) {
    const chunk = teams.slice(start, start + CHUNK);
    const teamRows: NewTeam[] = [];
    const memberRows: NewTeamMember[] = [];
    for (const team of chunk) {
      const id = newId();
      teamRows.push({ id, province_code: provinceCode, village_code: team.villageCode, name: team.name });
      for (const m of team.members) {
        memberRows.push({
          id: newId(),
          team_id: id,
          province_code: provinceCode,
          village_code: team.villageCode,
          display_name: m.displayName,
          sex: m.sex,
          is_leader: m.isLeader,
          joined_on: m.joinedOn,
          trained_on: m.trainedOn,
        });
      }
    }
    await insertTeams(db, teamRows);
    await insertTeamMembers(db, memberRows);
    progress('teams', Math.min(teams.length, start + CHUNK), teams.length);
  }
}

/**
 * Households, their five surveys and the support visits the surveys allow, a chunk at a time so
 * that only one chunk's rows are ever in memory. Returns the number of visits written.
 */
async function writeHouseholds(db: Db, provinceCode: string, plan: DemoProvincePlan, progress: Progress): Promise<number> {
  const { register, villages } = plan;
  let visitCount = 0;
  for (let start = 0; start < register.count; start += CHUNK) {
    const end = Math.min(register.count, start + CHUNK);
    const households: NewHousehold[] = [];
    const surveys: NewHouseholdSurvey[] = [];
    const visits: NewSupportVisit[] = [];
    for (let i = start; i < end; i++) {
      const v = register.village[i] as number;
      const village = (villages[v] as DemoVillage).code;
      const id = newId();
      households.push({ id, province_code: provinceCode, village_code: village, label: householdLabel(i - (register.firstOfVillage[v] as number)) });
      const history = plan.surveysOf(i);
      for (const visit of plan.visitsOf(i, history)) {
        visits.push({
          id: newId(),
          province_code: provinceCode,
          village_code: village,
          household_id: id,
          visited_on: visit.visitedOn,
          vneid_level1: visit.vneidLevel1,
          vneid_level2: visit.vneidLevel2,
          ehealth: visit.ehealth,
          banking_app: visit.bankingApp,
          epay_account: visit.epayAccount,
          scam_awareness: visit.scamAwareness,
          residents_guided: visit.residentsGuided,
        });
      }
      history.forEach((s, y) => {
        surveys.push({
          id: newId(),
          province_code: provinceCode,
          household_id: id,
          village_code: village,
          ...surveyColumns({ ...s, surveyedOn: surveyDay(SURVEY_YEARS[y] as number) }),
        });
      });
    }
    await insertHouseholds(db, households);
    await insertHouseholdSurveys(db, surveys);
    await insertSupportVisits(db, visits);
    visitCount += visits.length;
    progress('households', end, register.count);
  }
  return visitCount;
}
