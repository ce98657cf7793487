import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSurvey, type Survey } from '../households/index.ts';
import {
  AGE_GROUPS,
  checkTraining,
  checkVisit,
  MAX_TRAINING_ATTENDEES,
  surveyAfterVisit,
  TRAINING_TOPICS,
  VISIT_ACTIVITIES,
  type TrainingDraft,
  type Visit,
} from './fieldwork.rules.ts';

const TODAY = '2026-11-25';

const day = (min: string, max: string) =>
  fc.date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** A survey that checkSurvey accepts: every count nested inside the one that bounds it. */
const consistentSurvey: fc.Arbitrary<Survey> = fc
  .record({
    surveyedOn: day('2021-01-01', '2026-06-30'),
    members: fc.integer({ min: 1, max: 60 }),
    homeFtth: fc.boolean(),
    seeds: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
  })
  .map(({ surveyedOn, members, homeFtth, seeds }) => {
    const upTo = (n: number, i: number) => Math.min(n, Math.floor(seeds[i]! * (n + 1)));
    const adults = upTo(members, 0);
    const smartphoneOwners = upTo(members, 1);
    return {
      surveyedOn,
      members,
      adults,
      smartphoneOwners,
      epayAdults: upTo(adults, 2),
      homeFtth,
      vneidUsers: upTo(smartphoneOwners, 3),
      ehealthUsers: upTo(smartphoneOwners, 4),
      bankingUsers: upTo(smartphoneOwners, 5),
    };
  });

/** A visit the rules accept for a household of `members`, made after `after`. */
const visitAfter = (after: string, members = 60): fc.Arbitrary<Visit> =>
  fc.record({
    householdId: fc.constant('0190f3a0-0000-7000-8000-000000000001'),
    visitedOn: day(after, TODAY),
    activities: fc.uniqueArray(fc.record({ code: fc.constantFrom(...VISIT_ACTIVITIES), people: fc.integer({ min: 1, max: members }) }), {
      minLength: 1,
      maxLength: VISIT_ACTIVITIES.length,
      selector: (a) => a.code,
    }),
    residentsGuided: fc.integer({ min: 0, max: members }),
  });

describe('surveyAfterVisit', () => {
  it('never breaks a survey rule: counts stay within what the household holds', () => {
    fc.assert(
      fc.property(consistentSurvey, visitAfter('2020-01-01'), (latest, visit) => {
        const after = surveyAfterVisit(latest, visit) ?? latest;
        expect(checkSurvey(after, TODAY)).toEqual([]);
      }),
    );
  });

  it('only adds: no count goes down, nothing but adoption changes, and the date is the later one', () => {
    fc.assert(
      fc.property(consistentSurvey, visitAfter('2020-01-01'), (latest, visit) => {
        const after = surveyAfterVisit(latest, visit);
        if (!after) return;
        expect(after.surveyedOn).toBe(visit.visitedOn > latest.surveyedOn ? visit.visitedOn : latest.surveyedOn);
        expect({ ...after, surveyedOn: null, vneidUsers: 0, ehealthUsers: 0, bankingUsers: 0, epayAdults: 0 }).toEqual({
          ...latest,
          surveyedOn: null,
          vneidUsers: 0,
          ehealthUsers: 0,
          bankingUsers: 0,
          epayAdults: 0,
        });
        for (const field of ['vneidUsers', 'ehealthUsers', 'bankingUsers', 'epayAdults'] as const) expect(after[field]).toBeGreaterThanOrEqual(latest[field]);
      }),
    );
  });

  it('lets two visits commute, whatever their days: either order gives the same counts', () => {
    fc.assert(
      fc.property(consistentSurvey, visitAfter('2020-01-01'), visitAfter('2020-01-01'), (latest, a, b) => {
        const apply = (s: Survey, v: Visit) => surveyAfterVisit(s, v) ?? s;
        expect({ ...apply(apply(latest, a), b), surveyedOn: null }).toEqual({ ...apply(apply(latest, b), a), surveyedOn: null });
      }),
    );
  });

  it('adds the people helped, up to the smartphone owners and the adults', () => {
    const latest: Survey = {
      surveyedOn: '2025-01-10',
      members: 5,
      adults: 4,
      smartphoneOwners: 3,
      epayAdults: 1,
      homeFtth: false,
      vneidUsers: 1,
      ehealthUsers: 0,
      bankingUsers: 0,
    };
    const visit = {
      visitedOn: '2025-03-01',
      activities: [
        { code: 'vneid_level2' as const, people: 5 },
        { code: 'epay_account' as const, people: 2 },
        { code: 'ehealth' as const, people: 1 },
      ],
    };
    expect(surveyAfterVisit(latest, visit)).toEqual({ ...latest, surveyedOn: '2025-03-01', vneidUsers: 3, epayAdults: 3, ehealthUsers: 1 });
  });

  it('writes no survey, and keeps its day, when the visit changes no count', () => {
    fc.assert(
      fc.property(consistentSurvey, visitAfter('2020-01-01'), (latest, visit) => {
        const after = surveyAfterVisit(latest, visit);
        const counts = (s: Survey) => [s.vneidUsers, s.ehealthUsers, s.bankingUsers, s.epayAdults];
        if (after) expect(counts(after)).not.toEqual(counts(latest));
      }),
    );
    const full: Survey = {
      surveyedOn: '2025-01-10',
      members: 3,
      adults: 2,
      smartphoneOwners: 2,
      epayAdults: 2,
      homeFtth: false,
      vneidUsers: 2,
      ehealthUsers: 0,
      bankingUsers: 0,
    };
    expect(
      surveyAfterVisit(full, {
        visitedOn: '2025-03-01',
        activities: [
          { code: 'vneid_level2', people: 2 },
          { code: 'epay_account', people: 1 },
        ],
      }),
    ).toBeNull();
  });

  it('changes nothing for help that is not counted in the survey', () => {
    const latest: Survey = {
      surveyedOn: '2025-01-10',
      members: 5,
      adults: 4,
      smartphoneOwners: 3,
      epayAdults: 1,
      homeFtth: false,
      vneidUsers: 1,
      ehealthUsers: 0,
      bankingUsers: 0,
    };
    expect(
      surveyAfterVisit(latest, {
        visitedOn: '2025-03-01',
        activities: [
          { code: 'scam_awareness', people: 4 },
          { code: 'other', people: 1 },
        ],
      }),
    ).toBeNull();
  });
});

describe('checkVisit', () => {
  /** Any visit, sensible or not, with codes that may not exist. */
  const anyVisit = fc.record({
    householdId: fc.constant('0190f3a0-0000-7000-8000-000000000001'),
    visitedOn: day('2018-01-01', '2027-12-31'),
    activities: fc.array(fc.record({ code: fc.constantFrom(...VISIT_ACTIVITIES, 'vneid', 'banking'), people: fc.integer({ min: -2, max: 70 }) }), {
      maxLength: 9,
    }),
    residentsGuided: fc.integer({ min: -2, max: 70 }),
  });

  it('accepts exactly the plausible visits of a household', () => {
    fc.assert(
      fc.property(anyVisit, consistentSurvey, (visit, household) => {
        const codes = visit.activities.map((a) => a.code);
        const plausible =
          visit.visitedOn >= '2020-01-01' &&
          visit.visitedOn <= TODAY &&
          codes.length > 0 &&
          new Set(codes).size === codes.length &&
          codes.every((c) => (VISIT_ACTIVITIES as readonly string[]).includes(c)) &&
          visit.activities.every((a) => a.people >= 1 && a.people <= household.members) &&
          visit.residentsGuided >= 0 &&
          visit.residentsGuided <= household.members;
        expect(checkVisit(visit, TODAY, household).length === 0).toBe(plausible);
      }),
    );
  });

  it('names an unknown activity and a visit in the future by their own codes', () => {
    const issues = checkVisit({ householdId: 'x', visitedOn: '2026-11-26', activities: [{ code: 'teleport', people: 1 }], residentsGuided: 0 }, TODAY);
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ['visit.visit_in_future', 'visitedOn'],
      ['visit.unknown_activity', 'activities.0'],
    ]);
    expect(issues[1]!.message.vi).toContain('teleport');
  });
});

describe('checkTraining', () => {
  /** A training whose breakdowns are `total` cut at random points, so they add up by construction. */
  const split = (total: number, parts: number) =>
    fc.array(fc.integer({ min: 0, max: total }), { minLength: parts - 1, maxLength: parts - 1 }).map((cuts) => {
      const points = [0, ...cuts.sort((a, b) => a - b), total];
      return points.slice(1).map((p, i) => p - points[i]!);
    });
  const validTraining: fc.Arbitrary<TrainingDraft> = fc
    .integer({ min: 1, max: MAX_TRAINING_ATTENDEES })
    .chain((total) =>
      fc.record({
        total: fc.constant(total),
        sexes: split(total, 2),
        ages: split(total, 4),
        ethnic: fc.option(split(total, 3), { nil: null }),
        topic: fc.constantFrom(...TRAINING_TOPICS),
        heldOn: day('2020-01-01', TODAY),
      }),
    )
    .map(({ total, sexes, ages, ethnic, topic, heldOn }) => ({
      villageCode: '06625001',
      heldOn,
      topic,
      place: 'Nhà văn hóa thôn',
      trainer: 'Tổ trưởng',
      attendees: {
        total,
        female: sexes[0]!,
        male: sexes[1]!,
        byAge: Object.fromEntries(AGE_GROUPS.map((g, i) => [g, ages[i]!])) as Record<(typeof AGE_GROUPS)[number], number>,
        byEthnicGroup: ethnic && { Tày: ethnic[0]!, Nùng: ethnic[1]!, Kinh: ethnic[2]! },
      },
    }));

  it('accepts every training whose breakdowns add up to its total', () => {
    fc.assert(
      fc.property(validTraining, (training) => {
        expect(checkTraining(training, TODAY)).toEqual([]);
      }),
    );
  });

  it('refuses the same training once the women and men no longer add up', () => {
    fc.assert(
      fc.property(validTraining, fc.integer({ min: 1, max: 5 }), (training, extra) => {
        const wrong = { ...training, attendees: { ...training.attendees, female: training.attendees.female + extra } };
        expect(checkTraining(wrong, TODAY).map((i) => i.code)).toContain('training.sexes_do_not_add_up');
      }),
    );
  });

  it('refuses a total out of 1..1000 with the bound in its message', () => {
    fc.assert(
      fc.property(
        validTraining,
        fc.oneof(fc.integer({ min: -5, max: 0 }), fc.integer({ min: MAX_TRAINING_ATTENDEES + 1, max: 100_000 })),
        (training, total) => {
          const codes = checkTraining({ ...training, attendees: { ...training.attendees, total } }, TODAY).map((i) => i.code);
          expect(codes).toEqual([total < 1 ? 'training.no_attendees' : 'training.too_many_attendees']);
        },
      ),
    );
  });
});
