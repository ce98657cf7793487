import { adjustToTotal, type DemoTargets } from './demo.rules.ts';
import type { VillageYearFlags } from './demo-coverage.rules.ts';
import { HIN_DAM, type DemoVillage } from './demo-villages.rules.ts';
import type { Random } from '../platform/seeded-random.ts';

/**
 * Every household of the province in village order, as columns: compact enough for the two
 * million households of scale 10. Adoption columns hold the 2025 survey; earlier years are
 * derived from it when the surveys are written (see `surveyHistory`).
 */
export interface HouseholdRegister {
  count: number;
  /** Index of each village's first household; a village's households are consecutive. */
  firstOfVillage: Int32Array;
  village: Int32Array;
  members: Uint8Array;
  adults: Uint8Array;
  smartphoneOwners: Uint8Array;
  epayAdults: Uint8Array;
  vneidUsers: Uint8Array;
  ehealthUsers: Uint8Array;
  bankingUsers: Uint8Array;
  homeFtth: Uint8Array;
}

export const MAX_MEMBERS = 12;

/** Household sizes 1…12 (mean about 3.95; Lạng Sơn has some 814,000 people in 205,000 households). */
const SIZE_SHARES = [0.06, 0.14, 0.2, 0.27, 0.17, 0.09, 0.04, 0.017, 0.008, 0.003, 0.001, 0.001].map((weight, i) => ({ weight, value: i + 1 }));

/** Dao and Mông households are larger. */
const LARGER_HOUSEHOLDS = ['Dao', 'Mông'];

/**
 * Households and their members, with exact totals: the province's residents, Hin Đăm's (more
 * than 300), and the residents of the villages still without stable 3G in 2025 — chosen here,
 * among the remotest villages without it in 2021, so that they hold exactly the report's 0.3%.
 */
export function planResidents(
  villages: readonly DemoVillage[],
  withoutStableMobile2021: readonly boolean[],
  targets: DemoTargets,
  random: Random,
): { register: HouseholdRegister; uncovered2025: boolean[] } {
  const count = villages.reduce((sum, v) => sum + v.households, 0);
  const register: HouseholdRegister = {
    count,
    firstOfVillage: new Int32Array(villages.length),
    village: new Int32Array(count),
    members: new Uint8Array(count),
    adults: new Uint8Array(count),
    smartphoneOwners: new Uint8Array(count),
    epayAdults: new Uint8Array(count),
    vneidUsers: new Uint8Array(count),
    ehealthUsers: new Uint8Array(count),
    bankingUsers: new Uint8Array(count),
    homeFtth: new Uint8Array(count),
  };
  let next = 0;
  villages.forEach((village, v) => {
    register.firstOfVillage[v] = next;
    const larger = village.ethnicGroups.some((g) => LARGER_HOUSEHOLDS.includes(g));
    for (let j = 0; j < village.households; j++, next++) {
      register.village[next] = v;
      register.members[next] = Math.min(MAX_MEMBERS, random.pickWeighted(SIZE_SHARES) + (larger && random.chance(0.5) ? 1 : 0));
    }
  });

  const settled = new Uint8Array(count);
  const settle = (households: number[], residents: number) => {
    const members = households.map((i) => register.members[i] as number);
    adjustToTotal(members, residents, 1, MAX_MEMBERS, random.permutation(members.length));
    households.forEach((i, k) => {
      register.members[i] = members[k] as number;
      settled[i] = 1;
    });
  };
  const householdsOf = (v: number) => range(register.firstOfVillage[v] as number, villages[v]?.households ?? 0);
  const residentsOf = (v: number) => householdsOf(v).reduce((sum, i) => sum + (register.members[i] as number), 0);

  const hinDam = villages.findIndex((v) => v.realName === HIN_DAM.name);
  if (hinDam >= 0) settle(householdsOf(hinDam), HIN_DAM.residents.min + random.int(HIN_DAM.residents.max - HIN_DAM.residents.min + 1));

  const uncovered2025 = chooseUncovered2025(villages, withoutStableMobile2021, residentsOf, targets.residentsUncovered2025);
  settle(
    villages.flatMap((_, v) => (uncovered2025[v] ? householdsOf(v) : [])),
    targets.residentsUncovered2025,
  );

  const free = random.permutation(count).filter((i) => !settled[i]);
  adjustToTotal(register.members, targets.residents, 1, MAX_MEMBERS, free);

  for (let i = 0; i < count; i++) {
    const m = register.members[i] as number;
    // Adults (15+) are about three quarters of the people; every household has one.
    register.adults[i] = m === 1 ? 1 : 1 + random.binomial(m - 1, (0.75 * m - 1) / (m - 1));
  }
  return { register, uncovered2025 };
}

/**
 * The villages still without stable 3G at the end of 2025: the remotest of 2021's, added while
 * their residents fit in `residents` (the rest is then made up by their household sizes).
 */
function chooseUncovered2025(
  villages: readonly DemoVillage[],
  withoutStableMobile2021: readonly boolean[],
  residentsOf: (v: number) => number,
  residents: number,
): boolean[] {
  const candidates = villages
    .map((village, v) => ({ v, village }))
    .filter(({ v, village }) => withoutStableMobile2021[v] && village.realName === null)
    .sort((a, b) => b.village.remoteness - a.village.remoteness || a.v - b.v);
  const chosen = villages.map(() => false);
  let total = 0;
  for (const { v } of candidates) {
    const r = residentsOf(v);
    if (total + r > residents) continue;
    chosen[v] = true;
    total += r;
  }
  const smallest = [...candidates].sort((a, b) => a.village.households - b.village.households || a.v - b.v)[0];
  if (total === 0 && smallest) chosen[smallest.v] = true;
  return chosen;
}

/**
 * The 2025 survey of every household, with exact totals: home fibre in 84.5% of households (only
 * where an operator sells it), an e-payment account for 76% of adults, and Hin Đăm's figures —
 * 50 of 55 households with both a smartphone and an e-payment account, and every smartphone user
 * with VNeID, the e-health record and a banking app.
 */
export function planAdoption(
  register: HouseholdRegister,
  villages: readonly DemoVillage[],
  yearFlags: readonly VillageYearFlags[],
  targets: DemoTargets,
  random: Random,
): void {
  const latest = yearFlags.map((f) => ({ signal: f.dataSignal.at(-1) ?? false, ftth: f.ftthAvailable.at(-1) ?? false }));
  const ftthOffered = new Uint8Array(register.count);
  let adults = 0;
  for (let i = 0; i < register.count; i++) {
    const v = register.village[i] as number;
    const village = villages[v] as DemoVillage;
    const { signal, ftth } = latest[v] as { signal: boolean; ftth: boolean };
    const town = village.landscape === 'ward';
    const far = village.remoteness;
    const m = register.members[i] as number;
    const a = register.adults[i] as number;
    const phones = random.binomial(a, town ? 0.93 : 0.9 - 0.25 * far) + random.binomial(m - a, 0.25);
    register.smartphoneOwners[i] = phones;
    register.epayAdults[i] = random.binomial(a, town ? 0.9 : 0.88 - 0.3 * far);
    // Apps need a data signal where people live.
    register.vneidUsers[i] = signal ? random.binomial(phones, 0.9) : 0;
    register.ehealthUsers[i] = signal ? random.binomial(phones, 0.6) : 0;
    register.bankingUsers[i] = signal ? random.binomial(phones, 0.75) : 0;
    ftthOffered[i] = ftth ? 1 : 0;
    register.homeFtth[i] = ftth && random.chance(town ? 0.97 : 0.93 - 0.2 * far) ? 1 : 0;
    adults += a;
  }

  const hinDam = villages.findIndex((v) => v.realName === HIN_DAM.name);
  const hinDamHouseholds = new Set<number>();
  if (hinDam >= 0) {
    const first = register.firstOfVillage[hinDam] as number;
    const order = random.permutation(HIN_DAM.households);
    order.forEach((k, rank) => {
      const i = first + k;
      const connected = rank < HIN_DAM.householdsWithSmartphoneAndEpay2025;
      const phones = connected ? Math.max(1, register.smartphoneOwners[i] as number) : 0;
      register.smartphoneOwners[i] = phones;
      register.epayAdults[i] = connected ? Math.max(1, register.epayAdults[i] as number) : 0;
      register.vneidUsers[i] = phones;
      register.ehealthUsers[i] = phones;
      register.bankingUsers[i] = phones;
      hinDamHouseholds.add(i);
    });
  }

  const order = random.permutation(register.count);
  adjustToTotal(
    register.epayAdults,
    Math.round(adults * targets.adultsWithEpayShare2025),
    0,
    register.adults,
    order.filter((i) => !hinDamHouseholds.has(i)),
  );
  adjustToTotal(register.homeFtth, targets.householdsWithFiber2025, 0, ftthOffered, order);
}

export interface SurveyValues {
  members: number;
  adults: number;
  smartphoneOwners: number;
  epayAdults: number;
  homeFtth: boolean;
  vneidUsers: number;
  ehealthUsers: number;
  bankingUsers: number;
}

export function latestSurvey(register: HouseholdRegister, i: number): SurveyValues {
  return {
    members: register.members[i] as number,
    adults: register.adults[i] as number,
    smartphoneOwners: register.smartphoneOwners[i] as number,
    epayAdults: register.epayAdults[i] as number,
    homeFtth: register.homeFtth[i] === 1,
    vneidUsers: register.vneidUsers[i] as number,
    ehealthUsers: register.ehealthUsers[i] as number,
    bankingUsers: register.bankingUsers[i] as number,
  };
}

/**
 * Of each year's users, the share who already were the year before (2021 of 2022, … 2024 of
 * 2025): smartphones spread early, VNeID from 2022, the e-health record in VNeID from 2024.
 */
const KEPT_FROM_YEAR_BEFORE = {
  smartphoneOwners: [0.88, 0.9, 0.92, 0.95],
  epayAdults: [0.85, 0.88, 0.9, 0.93],
  homeFtth: [0.86, 0.9, 0.93, 0.96],
  vneidUsers: [0.1, 0.35, 0.7, 0.9],
  ehealthUsers: [0, 0.2, 0.4, 0.7],
  bankingUsers: [0.75, 0.8, 0.85, 0.9],
};

/**
 * A household's surveys, oldest first, ending with `latest`: each year keeps part of the next
 * year's adoption, so adoption only grows, and nothing appears before the village could have it
 * (apps before a data signal, home fibre before an operator sold it).
 */
export function surveyHistory(latest: SurveyValues, flags: VillageYearFlags, random: Random): SurveyValues[] {
  const years = [latest];
  for (let y = flags.dataSignal.length - 2; y >= 0; y--) {
    const after = years[0] as SurveyValues;
    const keep = (field: keyof typeof KEPT_FROM_YEAR_BEFORE) => random.binomial(Number(after[field]), KEPT_FROM_YEAR_BEFORE[field][y] ?? 0);
    const smartphoneOwners = keep('smartphoneOwners');
    const app = (field: 'vneidUsers' | 'ehealthUsers' | 'bankingUsers') => (flags.dataSignal[y] ? Math.min(keep(field), smartphoneOwners) : 0);
    years.unshift({
      members: latest.members,
      adults: latest.adults,
      smartphoneOwners,
      epayAdults: keep('epayAdults'),
      homeFtth: after.homeFtth && (flags.ftthAvailable[y] ?? false) && keep('homeFtth') === 1,
      vneidUsers: app('vneidUsers'),
      ehealthUsers: app('ehealthUsers'),
      bankingUsers: app('bankingUsers'),
    });
  }
  return years;
}

function range(start: number, length: number): number[] {
  return Array.from({ length }, (_, k) => start + k);
}

/** How villages label their households in their registers: "Hộ 001", "Hộ 002"… */
export const householdLabel = (index: number): string => `Hộ ${String(index + 1).padStart(3, '0')}`;
