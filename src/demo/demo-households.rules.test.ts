import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { householdLabel, MAX_MEMBERS, surveyHistory, type SurveyValues } from './demo-households.rules.ts';
import { HIN_DAM } from './demo-villages.rules.ts';
import { createRandom } from '../platform/seeded-random.ts';
import { planForTest } from '../../testing/test-demo-plan.ts';

/** A 2025 survey that respects every bound of the survey table. */
const latestSurvey = fc
  .record({
    members: fc.integer({ min: 1, max: MAX_MEMBERS }),
    a: fc.nat(),
    s: fc.nat(),
    e: fc.nat(),
    v: fc.nat(),
    h: fc.nat(),
    b: fc.nat(),
    ftth: fc.boolean(),
  })
  .map(({ members, a, s, e, v, h, b, ftth }): SurveyValues => {
    const adults = 1 + (a % members);
    const smartphoneOwners = s % (members + 1);
    return {
      members,
      adults,
      smartphoneOwners,
      epayAdults: e % (adults + 1),
      homeFtth: ftth,
      vneidUsers: v % (smartphoneOwners + 1),
      ehealthUsers: h % (smartphoneOwners + 1),
      bankingUsers: b % (smartphoneOwners + 1),
    };
  });

/** Once a village has something it keeps it: flags are false up to some year, then true. */
const yearFlags = fc.record({ signalFrom: fc.integer({ min: 0, max: 5 }), ftthFrom: fc.integer({ min: 0, max: 5 }) }).map(({ signalFrom, ftthFrom }) => ({
  dataSignal: [0, 1, 2, 3, 4].map((y) => y >= signalFrom),
  ftthAvailable: [0, 1, 2, 3, 4].map((y) => y >= ftthFrom),
}));

describe('survey history', () => {
  it('only grows, stays within every bound, and has nothing the village could not have', () => {
    fc.assert(
      fc.property(latestSurvey, yearFlags, fc.integer(), (latest, flags, seed) => {
        const ftthLatest = latest.homeFtth && flags.ftthAvailable[4] === true;
        const appsLatest = flags.dataSignal[4] === true;
        const last = { ...latest, homeFtth: ftthLatest, ...(appsLatest ? {} : { vneidUsers: 0, ehealthUsers: 0, bankingUsers: 0 }) };
        const years = surveyHistory(last, flags, createRandom(seed, 'history'));
        expect(years).toHaveLength(5);
        expect(years[4]).toEqual(last);
        years.forEach((s, y) => {
          expect(s.members).toBe(last.members);
          expect(s.adults).toBeLessThanOrEqual(s.members);
          expect(s.smartphoneOwners).toBeLessThanOrEqual(s.members);
          expect(s.epayAdults).toBeLessThanOrEqual(s.adults);
          for (const app of [s.vneidUsers, s.ehealthUsers, s.bankingUsers]) {
            expect(app).toBeGreaterThanOrEqual(0);
            expect(app).toBeLessThanOrEqual(s.smartphoneOwners);
            if (!flags.dataSignal[y]) expect(app).toBe(0);
          }
          if (!flags.ftthAvailable[y]) expect(s.homeFtth).toBe(false);
          const next = years[y + 1];
          if (!next) return;
          expect(s.smartphoneOwners).toBeLessThanOrEqual(next.smartphoneOwners);
          expect(s.epayAdults).toBeLessThanOrEqual(next.epayAdults);
          expect(s.vneidUsers).toBeLessThanOrEqual(next.vneidUsers);
          expect(s.ehealthUsers).toBeLessThanOrEqual(next.ehealthUsers);
          expect(s.bankingUsers).toBeLessThanOrEqual(next.bankingUsers);
          if (s.homeFtth) expect(next.homeFtth).toBe(true);
        });
      }),
    );
  });
});

describe.each([1, 0.3])('households at scale %s', (scale) => {
  const plan = planForTest(3, scale);
  const { register, villages, targets, coverage } = plan;
  const households = Array.from({ length: register.count }, (_, i) => i);
  const sumOf = (column: Uint8Array, where: (i: number) => boolean = () => true) => households.reduce((s, i) => (where(i) ? s + (column[i] as number) : s), 0);
  const countWhere = (where: (i: number) => boolean) => households.filter(where).length;
  const hinDam = villages.findIndex((v) => v.realName === HIN_DAM.name);
  const inHinDam = (i: number) => register.village[i] === hinDam;

  it('hold exactly the province residents, 1 to 12 people each, about three quarters adults', () => {
    expect(register.count).toBe(targets.households);
    expect(sumOf(register.members)).toBe(targets.residents);
    expect(countWhere((i) => register.members[i] === 1)).toBeGreaterThan(0);
    expect(countWhere((i) => (register.members[i] as number) > MAX_MEMBERS)).toBe(0);
    expect(countWhere((i) => (register.adults[i] as number) > (register.members[i] as number))).toBe(0);
    expect(sumOf(register.adults) / targets.residents).toBeCloseTo(0.75, 1);
  });

  it('put exactly 0.3% of residents in the villages still without stable 3G in 2025', () => {
    expect(sumOf(register.members, (i) => plan.uncovered2025[register.village[i] as number] === true)).toBe(targets.residentsUncovered2025);
  });

  it('give home fibre to exactly 84.5% of households, only where an operator sells it', () => {
    expect(sumOf(register.homeFtth)).toBe(targets.householdsWithFiber2025);
    expect(countWhere((i) => register.homeFtth[i] === 1 && coverage.yearFlags[register.village[i] as number]?.ftthAvailable[4] !== true)).toBe(0);
  });

  it('give exactly 76% of adults an e-payment account', () => {
    expect(sumOf(register.epayAdults)).toBe(Math.round(sumOf(register.adults) * 0.76));
    expect(countWhere((i) => (register.epayAdults[i] as number) > (register.adults[i] as number))).toBe(0);
  });

  it('calibrate Hin Đăm: 55 households, more than 300 people, 50 with a smartphone and an e-payment account, apps for every smartphone user', () => {
    const mine = households.filter(inHinDam);
    expect(mine).toHaveLength(55);
    const residents = sumOf(register.members, inHinDam);
    expect(residents).toBeGreaterThanOrEqual(HIN_DAM.residents.min);
    expect(residents).toBeLessThanOrEqual(HIN_DAM.residents.max);
    expect(mine.filter((i) => (register.smartphoneOwners[i] as number) > 0 && (register.epayAdults[i] as number) > 0)).toHaveLength(50);
    for (const i of mine) {
      for (const app of [register.vneidUsers, register.ehealthUsers, register.bankingUsers]) expect(app[i]).toBe(register.smartphoneOwners[i]);
    }
  });
});

describe('household labels', () => {
  it('number households the way village registers do', () => {
    expect(householdLabel(0)).toBe('Hộ 001');
    expect(householdLabel(54)).toBe('Hộ 055');
  });
});
