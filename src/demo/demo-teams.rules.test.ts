import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTraining, checkVisit, TRAINING_TOPICS, type Visit, type VisitActivity } from '../teams/index.ts';
import type { SurveyValues } from './demo-households.rules.ts';
import { FIELDWORK_YEARS, multinomial, planVisits, TEAM_SIZE, TEAMS_FORMED, type DemoVisit } from './demo-teams.rules.ts';
import { HIN_DAM } from './demo-villages.rules.ts';
import { addDays, surveyDay, SURVEY_YEARS } from './demo.rules.ts';
import { readDemoData } from './generate-demo-province.ts';
import { createRandom } from '../platform/seeded-random.ts';
import { planForTest } from '../../testing/test-demo-plan.ts';

const { teamTraits } = readDemoData();
/** Every demo date lies before this day, so the field-work rules never see one in the future. */
const AFTER_THE_DEMO = '2026-01-01';

/** The visit as the phone would send it, for the field-work rules to judge. */
function asFieldVisit(visit: DemoVisit): Visit {
  const counts: [VisitActivity['code'], number][] = [
    ['vneid_level1', visit.vneidLevel1],
    ['vneid_level2', visit.vneidLevel2],
    ['ehealth', visit.ehealth],
    ['banking_app', visit.bankingApp],
    ['epay_account', visit.epayAccount],
    ['scam_awareness', visit.scamAwareness],
  ];
  return {
    householdId: 'h',
    visitedOn: visit.visitedOn,
    activities: counts.filter(([, people]) => people > 0).map(([code, people]) => ({ code, people })),
    residentsGuided: visit.residentsGuided,
  };
}

/** Every way a visit can break the demo's promise: beyond the household's gain, outside its year, against the field rules. */
function visitProblems(visits: readonly DemoVisit[], surveys: readonly SurveyValues[], formedOn: string): string[] {
  const problems: string[] = [];
  const years = new Set<number>();
  for (const visit of visits) {
    const y = SURVEY_YEARS.findIndex((year) => visit.visitedOn < surveyDay(year));
    const before = surveys[y - 1];
    const after = surveys[y];
    if (y < 1 || !before || !after) {
      problems.push(`${visit.visitedOn}: not between two surveys`);
      continue;
    }
    if (years.has(y)) problems.push(`${visit.visitedOn}: a second visit in the same survey year`);
    years.add(y);
    if (visit.visitedOn <= surveyDay(SURVEY_YEARS[y - 1] as number)) problems.push(`${visit.visitedOn}: on or before the survey before`);
    if (visit.visitedOn < addDays(formedOn, 7)) problems.push(`${visit.visitedOn}: before the team could visit`);
    if (visit.vneidLevel1 + visit.vneidLevel2 > after.vneidUsers - before.vneidUsers) problems.push(`${visit.visitedOn}: more VNeID than gained`);
    if (visit.ehealth > after.ehealthUsers - before.ehealthUsers) problems.push(`${visit.visitedOn}: more e-health than gained`);
    if (visit.bankingApp > after.bankingUsers - before.bankingUsers) problems.push(`${visit.visitedOn}: more banking than gained`);
    if (visit.epayAccount > after.epayAdults - before.epayAdults) problems.push(`${visit.visitedOn}: more e-payment than gained`);
    if (visit.vneidLevel1 + visit.vneidLevel2 + visit.ehealth + visit.bankingApp + visit.epayAccount === 0) problems.push(`${visit.visitedOn}: helped nobody`);
    const issues = checkVisit(asFieldVisit(visit), AFTER_THE_DEMO, { surveyedOn: surveyDay(SURVEY_YEARS[y] as number), ...after });
    problems.push(...issues.map((issue) => `${visit.visitedOn}: ${issue.code}`));
  }
  return problems;
}

/** Five yearly surveys in which adoption only grows and stays within the household. */
const history = fc
  .record({
    members: fc.integer({ min: 1, max: 12 }),
    adultsShare: fc.double({ min: 0, max: 1, noNaN: true }),
    steps: fc.array(fc.record({ phones: fc.nat(3), epay: fc.nat(3), vneid: fc.nat(3), ehealth: fc.nat(3), banking: fc.nat(3) }), {
      minLength: 5,
      maxLength: 5,
    }),
  })
  .map(({ members, adultsShare, steps }) => {
    const adults = 1 + Math.floor(adultsShare * (members - 1));
    const surveys: SurveyValues[] = [];
    let s: SurveyValues = { members, adults, smartphoneOwners: 0, epayAdults: 0, homeFtth: false, vneidUsers: 0, ehealthUsers: 0, bankingUsers: 0 };
    for (const step of steps) {
      const smartphoneOwners = Math.min(members, s.smartphoneOwners + step.phones);
      s = {
        ...s,
        smartphoneOwners,
        epayAdults: Math.min(adults, s.epayAdults + step.epay),
        vneidUsers: Math.min(smartphoneOwners, s.vneidUsers + step.vneid),
        ehealthUsers: Math.min(smartphoneOwners, s.ehealthUsers + step.ehealth),
        bankingUsers: Math.min(smartphoneOwners, s.bankingUsers + step.banking),
      };
      surveys.push(s);
    }
    return surveys;
  });

describe('support visits', () => {
  it('never claim more than the household gained between its surveys, and pass the field-work rules', () => {
    const formedOn = fc.integer({ min: 0, max: 110 }).map((d) => addDays(TEAMS_FORMED.first, d));
    fc.assert(
      fc.property(history, formedOn, fc.integer(), (surveys, formed, seed) => {
        const visits = planVisits(surveys, formed, createRandom(seed, 'visits'));
        expect(visitProblems(visits, surveys, formed)).toEqual([]);
      }),
    );
  });

  it('come only where something was gained', () => {
    const flat: SurveyValues = { members: 4, adults: 3, smartphoneOwners: 2, epayAdults: 1, homeFtth: true, vneidUsers: 1, ehealthUsers: 0, bankingUsers: 1 };
    expect(planVisits([flat, flat, flat, flat, flat], TEAMS_FORMED.first, createRandom(1, 'visits'))).toEqual([]);
    // VNeID users from 1 to 3 between the 2022 and 2023 surveys: a 2023 visit helps at most 2.
    const gained = { ...flat, vneidUsers: 3 };
    const random = createRandom(1, 'visits');
    const visits = Array.from({ length: 200 }, () => planVisits([flat, flat, gained, gained, gained], TEAMS_FORMED.first, random)).flat();
    expect(visits.length).toBeGreaterThan(0);
    for (const visit of visits) {
      expect(visit.visitedOn > '2022-06-30' && visit.visitedOn < '2023-06-30').toBe(true);
      expect(visit.vneidLevel1 + visit.vneidLevel2).toBeGreaterThanOrEqual(1);
      expect(visit.vneidLevel1 + visit.vneidLevel2).toBeLessThanOrEqual(2);
      expect(visit.ehealth + visit.bankingApp + visit.epayAccount).toBe(0);
    }
  });
});

describe('multinomial', () => {
  it('splits exactly the total, never negative', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 1, maxLength: 6 }), fc.integer(), (n, weights, seed) => {
        const counts = multinomial(n, weights, createRandom(seed, 'm'));
        expect(counts).toHaveLength(weights.length);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
        expect(counts.every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
      }),
    );
  });
});

describe.each([1, 0.05])('community digital teams at scale %s', (scale) => {
  const plan = planForTest(1, scale);
  const { teams, trainings, villages, targets } = plan;
  const members = teams.flatMap((t) => t.members);

  it('give every village one team of 4 to 6 members, with one leader, all joined in 2022', () => {
    expect(teams.map((t) => t.villageCode)).toEqual(villages.map((v) => v.code));
    // Problems are collected rather than asserted one by one: thousands of expect calls are slow.
    const problems: string[] = [];
    for (const team of teams) {
      const where = team.villageCode;
      if (team.members.length < TEAM_SIZE.min || team.members.length > TEAM_SIZE.max) problems.push(`${where}: ${team.members.length} members`);
      if (team.members.filter((m) => m.isLeader).length !== 1) problems.push(`${where}: not one leader`);
      if (team.formedOn < TEAMS_FORMED.first || team.formedOn > TEAMS_FORMED.last) problems.push(`${where}: formed ${team.formedOn}`);
      if (new Set(team.members.map((m) => m.displayName)).size !== team.members.length) problems.push(`${where}: two members of the same name`);
      for (const m of team.members) {
        if (m.joinedOn < team.formedOn || m.joinedOn > '2022-12-31') problems.push(`${where}: ${m.displayName} joined ${m.joinedOn}`);
        if (m.trainedOn !== null && m.trainedOn <= m.joinedOn) problems.push(`${where}: ${m.displayName} trained before joining`);
        if (m.displayName.length > 80 || m.displayName.split(' ').length < 3) problems.push(`${where}: name "${m.displayName}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('train more team members than the report’s floor (more than 8,000 at scale 1), every leader among them', () => {
    const trained = members.filter((m) => m.trainedOn !== null).length;
    expect(trained).toBeGreaterThan(targets.teamMembersTrainedMoreThan);
    if (scale === 1) expect(trained).toBeGreaterThan(8_000);
    expect(trained / members.length).toBeGreaterThan(0.9);
    expect(members.filter((m) => m.isLeader && m.trainedOn === null)).toEqual([]);
  });

  it('name members as people of the village’s groups are named, women and men alike', () => {
    const hinDam = teams.find((t) => t.villageCode === villages.find((v) => v.realName === HIN_DAM.name)?.code);
    const daoFamilies = teamTraits.familyNames.Dao ?? [];
    expect(hinDam?.members.every((m) => daoFamilies.includes(m.displayName.split(' ')[0] ?? ''))).toBe(true);
    const misnamed = members.filter((m) => {
      const middle = m.displayName.split(' ').slice(1, -1).join(' ');
      return (middle === 'Thị' && m.sex !== 'female') || (middle === 'Văn' && m.sex !== 'male');
    });
    expect(misnamed).toEqual([]);
    const women = members.filter((m) => m.sex === 'female').length / members.length;
    expect(women).toBeGreaterThan(0.3);
    expect(women).toBeLessThan(0.55);
  });

  it('hold several trainings per village and year whose attendees add up, on known topics, with the village’s ethnic groups', () => {
    const perVillageYear = new Map<string, number>();
    const groupsOf = new Map(villages.map((v) => [v.code, v.ethnicGroups]));
    const formedOf = new Map(teams.map((t) => [t.villageCode, t.formedOn]));
    const problems: string[] = [];
    for (const training of trainings) {
      const where = `${training.villageCode} ${training.heldOn}`;
      problems.push(...checkTraining(training, AFTER_THE_DEMO).map((issue) => `${where}: ${issue.code}`));
      if (!(TRAINING_TOPICS as readonly string[]).includes(training.topic)) problems.push(`${where}: topic ${training.topic}`);
      if (training.heldOn <= (formedOf.get(training.villageCode) ?? '')) problems.push(`${where}: before the team was formed`);
      const groups = groupsOf.get(training.villageCode) ?? [];
      for (const group of Object.keys(training.attendees.byEthnicGroup ?? {})) if (!groups.includes(group)) problems.push(`${where}: ${group} attendees`);
      const key = `${training.villageCode} ${training.heldOn.slice(0, 4)}`;
      perVillageYear.set(key, (perVillageYear.get(key) ?? 0) + 1);
    }
    expect(problems).toEqual([]);
    expect(perVillageYear.size).toBe(villages.length * FIELDWORK_YEARS.length);
    expect(Math.min(...perVillageYear.values())).toBeGreaterThanOrEqual(2);
    expect(Math.max(...perVillageYear.values())).toBeLessThanOrEqual(4);
  });

  it('visit households only as their surveys allow', () => {
    // A sample at scale 1 (every household of the small province), in household order as the generator draws.
    const last = scale === 1 ? 20_000 : plan.register.count;
    let visits = 0;
    for (let i = 0; i < last; i++) {
      const surveys = plan.surveysOf(i);
      const formedOn = teams[plan.register.village[i] as number]?.formedOn ?? '';
      const planned = plan.visitsOf(i, surveys);
      visits += planned.length;
      const problems = visitProblems(planned, surveys, formedOn);
      if (problems.length > 0) expect({ household: i, problems }).toEqual({ household: i, problems: [] });
    }
    // Visits are frequent but fewer than one per household and year.
    expect(visits).toBeGreaterThan(last * 0.5);
    expect(visits).toBeLessThan(last * FIELDWORK_YEARS.length);
  });

  it('are the same for the same seed', () => {
    const again = planForTest(1, scale);
    expect(again.teams).toEqual(teams);
    expect(again.trainings.slice(0, 50)).toEqual(trainings.slice(0, 50));
    expect(planForTest(2, scale).teams).not.toEqual(teams);
  });
});
