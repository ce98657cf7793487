import {
  chooseCoverageGaps,
  planCoverage,
  planSubscriberReports,
  type CoverageGaps,
  type CoveragePlan,
  type OperatorProfile,
  type SubscriberRecord,
} from './demo-coverage.rules.ts';
import { latestSurvey, planAdoption, planResidents, surveyHistory, type HouseholdRegister, type SurveyValues } from './demo-households.rules.ts';
import {
  describeCommunes,
  planVillages,
  type CommuneFacts,
  type DemoCommune,
  type DemoVillage,
  type ProvinceFacts,
  type VillageTraits,
} from './demo-villages.rules.ts';
import { planTeams, planTrainings, planVisits, type DemoTeam, type DemoTraining, type DemoVisit, type TeamTraits } from './demo-teams.rules.ts';
import { demoTargets, type DemoTargets } from './demo.rules.ts';
import { createRandom } from '../platform/seeded-random.ts';

export interface DemoProvincePlan {
  targets: DemoTargets;
  communes: DemoCommune[];
  villages: DemoVillage[];
  gaps: CoverageGaps;
  uncovered2025: boolean[];
  register: HouseholdRegister;
  coverage: CoveragePlan;
  subscribers: SubscriberRecord[];
  /** Household i's five surveys, oldest first. Call in household order: the draws follow it. */
  surveysOf: (household: number) => SurveyValues[];
  /** One community digital team per village, in village order. */
  teams: DemoTeam[];
  trainings: DemoTraining[];
  /** Household i's support visits, from its surveys. Call in household order: the draws follow it. */
  visitsOf: (household: number, surveys: readonly SurveyValues[]) => DemoVisit[];
}

/**
 * The whole demo province, decided in memory before anything is written: villages, the exact
 * gap sets, households and their 2025 survey, the coverage history, the operators' reports, and
 * the community digital teams with their trainings. Each part draws from its own stream of the seed.
 */
export function planDemoProvince(input: {
  province: ProvinceFacts;
  communes: readonly CommuneFacts[];
  operators: readonly OperatorProfile[];
  traits: VillageTraits;
  teamTraits: TeamTraits;
  seed: number;
  scale: number;
}): DemoProvincePlan {
  const { province, operators, traits, teamTraits, seed } = input;
  const random = (stream: string) => createRandom(seed, stream);
  const targets = demoTargets(input.scale);
  const communes = describeCommunes(province, input.communes);
  const villages = planVillages({ communes, traits, targets, random: random('villages') });
  const gaps = chooseCoverageGaps(communes, villages, targets, random('gaps'));
  const { register, uncovered2025 } = planResidents(villages, gaps.withoutStableMobile2021, targets, random('residents'));
  const coverage = planCoverage({ communes, villages, gaps, uncovered2025, operators, random: random('coverage') });
  planAdoption(register, villages, coverage.yearFlags, targets, random('adoption'));
  const subscribers = planSubscriberReports(communes, operators, targets.smartphoneSubscribers2025, random('subscribers'));
  const history = random('history');
  const surveysOf = (i: number) => {
    const flags = coverage.yearFlags[register.village[i] as number];
    if (!flags) throw new Error(`Household ${i} is outside the register.`);
    return surveyHistory(latestSurvey(register, i), flags, history);
  };
  // The teams draw from streams of their own: the calibrated figures above stay what they were.
  const teams = planTeams(villages, teamTraits, targets, random('teams'));
  const trainings = planTrainings(villages, teams, teamTraits, random('trainings'));
  const visitRandom = random('visits');
  const visitsOf = (i: number, surveys: readonly SurveyValues[]) => {
    const team = teams[register.village[i] as number];
    if (!team) throw new Error(`Household ${i} is outside the register.`);
    return planVisits(surveys, team.formedOn, visitRandom);
  };
  return { targets, communes, villages, gaps, uncovered2025, register, coverage, subscribers, surveysOf, teams, trainings, visitsOf };
}
