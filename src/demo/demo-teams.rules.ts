import type { Sex } from '../teams/index.ts';
import { AGE_GROUPS, type AgeGroup, type Attendees, type Training, type TrainingTopic } from '../teams/index.ts';
import type { SurveyValues } from './demo-households.rules.ts';
import type { DemoVillage } from './demo-villages.rules.ts';
import { addDays, chooseExactly, daysBetween, HISTORY_END, surveyDay, SURVEY_YEARS, type DemoTargets } from './demo.rules.ts';
import type { Random } from '../platform/seeded-random.ts';

/**
 * The community digital technology teams of the demo province: one per village, formed in early
 * 2022, with their trainings and their support visits to households until 2025. Visits are
 * derived from the household surveys, never the other way round, so that the calibrated adoption
 * figures stay exactly as they were.
 */

/** Names, trainers and the topics of each year (src/demo/data/team-traits.json). */
export interface TeamTraits {
  familyNames: Record<string, string[]>;
  /** By ethnic group, with a `default` for the groups not listed. */
  middleNames: Record<string, Record<Sex, string[]>>;
  givenNames: Record<string, Record<Sex, string[]>>;
  trainers: Record<TrainingTopic, string[]>;
  topicsByYear: Record<string, Partial<Record<TrainingTopic, number>>>;
}

export interface DemoTeamMember {
  displayName: string;
  sex: Sex;
  isLeader: boolean;
  joinedOn: string;
  trainedOn: string | null;
}

export interface DemoTeam {
  villageCode: string;
  name: string;
  formedOn: string;
  members: DemoTeamMember[];
}

/** A demo training is a training as the shared rules take it. */
export type DemoTraining = Training;

/** A support visit's counts; each adoption count is at most what the household gained that year. */
export interface DemoVisit {
  visitedOn: string;
  vneidLevel1: number;
  vneidLevel2: number;
  ehealth: number;
  bankingApp: number;
  epayAccount: number;
  scamAwareness: number;
  residentsGuided: number;
}

/** The years the teams worked in the demo: formed in 2022, the history ends with 2025. */
export const FIELDWORK_YEARS = [2022, 2023, 2024, 2025] as const;
/** Teams were formed between these days (the province set them up in the first months of 2022). */
export const TEAMS_FORMED = { first: '2022-01-10', last: '2022-04-30' } as const;
export const TEAM_SIZE = { min: 4, max: 6 } as const;
/** Share of members who have been trained; the province target is a floor (DemoTargets). */
const TRAINED_SHARE = 0.95;
const LATE_JOINER_CHANCE = 0.2;
const FEMALE_MEMBER_CHANCE = 0.45;
/** Leaders are most often the village head or the party cell secretary. */
const FEMALE_LEADER_CHANCE = 0.3;

/** Groups of a village by weight: the first listed is the largest. */
const GROUP_WEIGHTS = [0.6, 0.3, 0.1, 0.05];
/** When a village lists no group, members are named as in most of the province. */
const FALLBACK_GROUPS = ['Nùng', 'Tày'];

/**
 * One team per village, 4 to 6 members with one leader, everyone joining in 2022, and at least
 * `targets.teamMembersTrainedMoreThan + 1` of them trained (95% where that is more).
 */
export function planTeams(villages: readonly DemoVillage[], traits: TeamTraits, targets: DemoTargets, random: Random): DemoTeam[] {
  const formingDays = daysBetween(TEAMS_FORMED.first, TEAMS_FORMED.last) + 1;
  const teams = villages.map((village): DemoTeam => {
    const formedOn = addDays(TEAMS_FORMED.first, random.int(formingDays));
    // Large villages and town quarters field larger teams.
    const sizes = village.households > 200 ? [1, 4, 5] : [2, 4, 3];
    const size = random.pickWeighted(sizes.map((weight, k) => ({ weight, value: TEAM_SIZE.min + k })));
    const taken = new Set<string>();
    const members = Array.from({ length: size }, (_, k): DemoTeamMember => {
      const isLeader = k === 0;
      const sex: Sex = random.chance(isLeader ? FEMALE_LEADER_CHANCE : FEMALE_MEMBER_CHANCE) ? 'female' : 'male';
      const lateJoiner = k === size - 1 && k > 0 && random.chance(LATE_JOINER_CHANCE);
      const joinedOn = lateJoiner ? minDay(addDays(formedOn, 30 + random.int(180)), '2022-12-31') : formedOn;
      return { displayName: memberName(village.ethnicGroups, sex, traits, taken, random), sex, isLeader, joinedOn, trainedOn: null };
    });
    return { villageCode: village.code, name: `Tổ công nghệ số cộng đồng ${village.fullName}`, formedOn, members };
  });

  const everyone = teams.flatMap((team) => team.members);
  const trained = Math.min(everyone.length, Math.max(Math.round(everyone.length * TRAINED_SHARE), targets.teamMembersTrainedMoreThan + 1));
  const chosen = chooseExactly(
    trained,
    everyone.map(() => random.next()),
    // A leader is always trained: the team is set up around them.
    everyone.map((m) => m.isLeader),
  );
  everyone.forEach((member, i) => {
    if (chosen[i]) member.trainedOn = addDays(member.joinedOn, 7 + random.int(300));
  });
  return teams;
}

/** "Hoàng Văn Thắng": a family name of one of the village's groups, a middle name, a given name; unique in the team. */
export function memberName(groups: readonly string[], sex: Sex, traits: TeamTraits, taken: Set<string>, random: Random): string {
  const known = groups.filter((g) => traits.familyNames[g]);
  const choices = known.length > 0 ? known : FALLBACK_GROUPS;
  const draw = () => {
    const group = random.pickWeighted(choices.map((value, k) => ({ value, weight: GROUP_WEIGHTS[k] ?? 0.05 })));
    const names = (table: Record<string, Record<Sex, string[]>>) => (table[group] ?? table.default)?.[sex] ?? [];
    return `${random.pick(traits.familyNames[group] ?? [])} ${random.pick(names(traits.middleNames))} ${random.pick(names(traits.givenNames))}`;
  };
  let name = draw();
  for (let attempt = 0; taken.has(name) && attempt < 20; attempt++) name = draw();
  taken.add(name);
  return name;
}

/** Attendees by age (under 15, 15–29, 30–59, 60 and over): e-health sessions draw older people. */
const AGE_SHARES: Record<'general' | 'older', number[]> = {
  general: [0.04, 0.26, 0.52, 0.18],
  older: [0.02, 0.16, 0.5, 0.32],
};
const MIN_ATTENDEES = 8;
const MAX_ATTENDEES = 150;

/**
 * Several trainings per village and year (2 or 3 in 2022, after the team was formed; 2 to 4
 * later), on the topics of the year, with attendees whose breakdowns add up to the total and
 * whose ethnic groups are the village's.
 */
export function planTrainings(villages: readonly DemoVillage[], teams: readonly DemoTeam[], traits: TeamTraits, random: Random): DemoTraining[] {
  const trainings: DemoTraining[] = [];
  villages.forEach((village, v) => {
    const team = teams[v];
    if (!team) throw new Error(`Village ${village.code} has no team.`);
    for (const year of FIELDWORK_YEARS) {
      const count = year === 2022 ? 2 + random.int(2) : 2 + random.int(3);
      const first = year === 2022 ? addDays(team.formedOn, 14) : `${year}-01-05`;
      const span = daysBetween(first, minDay(`${year}-12-20`, HISTORY_END)) + 1;
      const days = Array.from({ length: count }, () => addDays(first, random.int(span))).sort();
      const topics = Object.entries(traits.topicsByYear[String(year)] ?? {}).map(([value, weight]) => ({ value: value as TrainingTopic, weight }));
      for (const heldOn of days) {
        const topic = random.pickWeighted(topics);
        trainings.push({
          villageCode: village.code,
          heldOn,
          topic,
          place: `${random.chance(0.85) ? 'Nhà văn hóa' : 'Nhà sinh hoạt cộng đồng'} ${village.fullName}`,
          trainer: random.pick(traits.trainers[topic]),
          attendees: planAttendees(village, topic, random),
        });
      }
    }
  });
  return trainings;
}

function planAttendees(village: DemoVillage, topic: TrainingTopic, random: Random): Attendees {
  const total = Math.max(MIN_ATTENDEES, Math.min(MAX_ATTENDEES, Math.round(village.households * random.between(0.2, 0.55))));
  const female = random.binomial(total, random.between(0.4, 0.62));
  const ages = multinomial(total, AGE_SHARES[topic === 'ehealth' ? 'older' : 'general'], random);
  const byAge = Object.fromEntries(AGE_GROUPS.map((g, k) => [g, ages[k] ?? 0])) as Record<AgeGroup, number>;
  const groups = village.ethnicGroups;
  let byEthnicGroup: Record<string, number> | null = null;
  if (groups.length > 0) {
    const counts = multinomial(
      total,
      groups.map((_, k) => GROUP_WEIGHTS[k] ?? 0.05),
      random,
    );
    byEthnicGroup = Object.fromEntries(groups.map((g, k) => [g, counts[k] ?? 0]).filter(([, n]) => (n as number) > 0));
  }
  return { total, female, male: total - female, byAge, byEthnicGroup };
}

/** `n` split among categories with the given weights: counts that add up to exactly `n`. */
export function multinomial(n: number, weights: readonly number[], random: Random): number[] {
  let left = n;
  let mass = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w, k) => {
    if (k === weights.length - 1) return left;
    const count = mass > 0 ? random.binomial(left, Math.min(1, w / mass)) : 0;
    left -= count;
    mass -= w;
    return count;
  });
}

/** Of the households that gained something between two surveys, the share a team visited (by survey year 2022…2025). */
const VISIT_CHANCE = [0.3, 0.4, 0.4, 0.35];
/** Of the people who gained an account or an app, the share the visit helped (others did it alone). */
const HELPED_SHARE = 0.8;
/** VNeID level 2 needs the police's check; teams mostly help people activate it. */
const VNEID_LEVEL1_SHARE = 0.25;

/**
 * At most one visit per household and survey year: only where the household gained VNeID users,
 * e-health users, banking app users or e-payment accounts since the survey before, dated between
 * the two surveys (after the team was formed), each count no more than that gain.
 */
export function planVisits(surveys: readonly SurveyValues[], teamFormedOn: string, random: Random): DemoVisit[] {
  const visits: DemoVisit[] = [];
  for (let y = 1; y < surveys.length; y++) {
    const before = surveys[y - 1] as SurveyValues;
    const after = surveys[y] as SurveyValues;
    const gains = {
      vneid: after.vneidUsers - before.vneidUsers,
      ehealth: after.ehealthUsers - before.ehealthUsers,
      banking: after.bankingUsers - before.bankingUsers,
      epay: after.epayAdults - before.epayAdults,
    };
    if (Object.values(gains).every((g) => g <= 0)) continue;
    if (!random.chance(VISIT_CHANCE[y - 1] ?? 0)) continue;
    const helped = Object.fromEntries(Object.entries(gains).map(([k, g]) => [k, g > 0 ? random.binomial(g, HELPED_SHARE) : 0])) as typeof gains;
    if (Object.values(helped).every((h) => h === 0)) {
      // The visit helped someone: the largest gain, one person.
      const largest = (Object.keys(gains) as (keyof typeof gains)[]).reduce((a, b) => (gains[b] > gains[a] ? b : a));
      helped[largest] = 1;
    }
    const vneidLevel1 = random.binomial(helped.vneid, VNEID_LEVEL1_SHARE);
    const year = SURVEY_YEARS[y] as number;
    const previous = SURVEY_YEARS[y - 1] as number;
    const first = maxDay(addDays(surveyDay(previous), 1), addDays(teamFormedOn, 7));
    const last = addDays(surveyDay(year), -1);
    if (first > last) continue;
    visits.push({
      visitedOn: addDays(first, random.int(daysBetween(first, last) + 1)),
      vneidLevel1,
      vneidLevel2: helped.vneid - vneidLevel1,
      ehealth: helped.ehealth,
      bankingApp: helped.banking,
      epayAccount: helped.epay,
      scamAwareness: random.chance(0.35) ? 1 + random.int(after.adults) : 0,
      residentsGuided: random.chance(0.6) ? 1 + random.int(Math.min(after.members, after.adults)) : 0,
    });
  }
  return visits;
}

const minDay = (a: string, b: string) => (a < b ? a : b);
const maxDay = (a: string, b: string) => (a > b ? a : b);
