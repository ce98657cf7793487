import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSurvey } from './household.rules.ts';
import type { Survey } from './household.schema.ts';

const TODAY = '2026-11-25';

/** Any survey, consistent or not, with counts in the schema's range. */
const anySurvey = fc.record({
  surveyedOn: fc.date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  members: fc.integer({ min: 1, max: 60 }),
  adults: fc.integer({ min: 0, max: 60 }),
  smartphoneOwners: fc.integer({ min: 0, max: 60 }),
  epayAdults: fc.integer({ min: 0, max: 60 }),
  homeFtth: fc.boolean(),
  vneidUsers: fc.integer({ min: 0, max: 60 }),
  ehealthUsers: fc.integer({ min: 0, max: 60 }),
  bankingUsers: fc.integer({ min: 0, max: 60 }),
}) satisfies fc.Arbitrary<Survey>;

describe('household survey rules', () => {
  it('accept exactly the surveys whose counts nest: apps ≤ smartphones ≤ members, e-pay ≤ adults ≤ members, dated 2000..today', () => {
    fc.assert(
      fc.property(anySurvey, (s) => {
        const consistent =
          s.adults <= s.members &&
          s.smartphoneOwners <= s.members &&
          s.epayAdults <= s.adults &&
          Math.max(s.vneidUsers, s.ehealthUsers, s.bankingUsers) <= s.smartphoneOwners &&
          s.surveyedOn <= TODAY &&
          s.surveyedOn >= '2000-01-01';
        expect(checkSurvey(s, TODAY).length === 0).toBe(consistent);
      }),
    );
  });

  it('name the field at fault and say it in both languages', () => {
    const issues = checkSurvey(
      { surveyedOn: '2025-01-01', members: 2, adults: 3, smartphoneOwners: 1, epayAdults: 0, homeFtth: false, vneidUsers: 2, ehealthUsers: 0, bankingUsers: 0 },
      TODAY,
    );
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ['household.adults_exceed_members', 'adults'],
      ['household.vneid_exceeds_smartphones', 'vneidUsers'],
    ]);
    expect(issues[0]!.message.vi).toMatch(/nhân khẩu/);
    expect(issues[0]!.message.en).toMatch(/members/);
  });

  it('treat today as the latest allowed survey date', () => {
    const s: Survey = {
      surveyedOn: TODAY,
      members: 1,
      adults: 1,
      smartphoneOwners: 0,
      epayAdults: 0,
      homeFtth: false,
      vneidUsers: 0,
      ehealthUsers: 0,
      bankingUsers: 0,
    };
    expect(checkSurvey(s, TODAY)).toEqual([]);
    expect(checkSurvey({ ...s, surveyedOn: '2026-11-26' }, TODAY).map((i) => i.code)).toEqual(['household.survey_in_future']);
  });
});
