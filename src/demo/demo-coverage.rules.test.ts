import { describe, expect, it } from 'vitest';
import { TECHNOLOGIES } from './demo-coverage.rules.ts';
import { HISTORY_START, SURVEY_YEARS, surveyDay } from './demo.rules.ts';
import { HIN_DAM } from './demo-villages.rules.ts';
import { planForTest } from '../../testing/test-demo-plan.ts';

const plan = planForTest(1, 1);
const { villages, coverage, gaps, uncovered2025 } = plan;

/** The latest record on or before `day` for each key: how the indicators read a history. */
function stateOn<R extends { observedOn: string }>(records: readonly R[], key: (r: R) => string, day: string): Map<string, R> {
  const state = new Map<string, R>();
  for (const r of records) {
    const k = key(r);
    const current = state.get(k);
    if (r.observedOn <= day && (!current || current.observedOn < r.observedOn)) state.set(k, r);
  }
  return state;
}

const mobileKey = (r: { villageCode: string; operatorCode: string; technology: string }) => `${r.villageCode}/${r.operatorCode}/${r.technology}`;

function villagesWithStable3G(day: string): Set<string> {
  const covered = new Set<string>();
  for (const r of stateOn(coverage.mobile, mobileKey, day).values()) {
    if (r.quality === 'stable' && r.technology !== '2G') covered.add(r.villageCode);
  }
  return covered;
}

function villagesWithFiber(day: string): Set<string> {
  const reached = new Set<string>();
  for (const r of stateOn(coverage.broadband, (r) => `${r.villageCode}/${r.operatorCode}`, day).values()) if (r.fiberReaches) reached.add(r.villageCode);
  return reached;
}

const codesWhere = (flags: readonly boolean[]) => new Set(villages.filter((_, v) => flags[v]).map((v) => v.code));
const without = (all: Set<string>) => new Set(villages.map((v) => v.code).filter((c) => !all.has(c)));

describe('the mobile coverage history', () => {
  it('starts with a record of every village, operator and technology, then records only changes', () => {
    const initial = coverage.mobile.filter((r) => r.observedOn === HISTORY_START);
    expect(initial).toHaveLength(villages.length * 4 * TECHNOLOGIES.length);
    const days = new Set(coverage.mobile.map((r) => `${mobileKey(r)}/${r.observedOn}`));
    expect(days.size).toBe(coverage.mobile.length);
    const byKey = new Map<string, typeof coverage.mobile>();
    for (const r of coverage.mobile) byKey.set(mobileKey(r), [...(byKey.get(mobileKey(r)) ?? []), r]);
    for (const records of byKey.values()) {
      records.sort((a, b) => a.observedOn.localeCompare(b.observedOn));
      records.slice(1).forEach((r, i) => expect(r.quality).not.toBe(records[i]?.quality));
    }
  });

  it('leaves exactly the chosen 268 villages without stable 3G at the end of 2021', () => {
    expect(without(villagesWithStable3G('2021-12-31'))).toEqual(codesWhere(gaps.withoutStableMobile2021));
    expect(codesWhere(gaps.withoutStableMobile2021).size).toBe(268);
  });

  it('leaves exactly the villages chosen for 2025 without it at the end of 2025, all of them 2021 gaps', () => {
    const uncovered = codesWhere(uncovered2025);
    expect(without(villagesWithStable3G('2025-12-31'))).toEqual(uncovered);
    for (const code of uncovered) expect(codesWhere(gaps.withoutStableMobile2021).has(code)).toBe(true);
  });

  it('gives Hin Đăm no signal at all until 2022, then stable 3G and 4G from one operator', () => {
    const code = villages.find((v) => v.realName === HIN_DAM.name)?.code;
    const records = coverage.mobile.filter((r) => r.villageCode === code);
    expect(records.filter((r) => r.observedOn < '2022-01-01').every((r) => r.quality === 'none')).toBe(true);
    const now = [...stateOn(records, mobileKey, '2025-12-31').values()].filter((r) => r.quality !== 'none');
    expect(now.map((r) => `${r.operatorCode} ${r.technology} ${r.quality} ${r.observedOn}`).sort()).toEqual([
      `viettel 2G stable ${HIN_DAM.signal.since}`,
      `viettel 3G stable ${HIN_DAM.signal.since}`,
      `viettel 4G stable ${HIN_DAM.signal.since}`,
    ]);
  });
});

describe('the fibre history', () => {
  it('leaves exactly the chosen 405 villages without fibre at the end of 2021', () => {
    expect(without(villagesWithFiber('2021-12-31'))).toEqual(codesWhere(gaps.withoutBroadband2021));
    expect(codesWhere(gaps.withoutBroadband2021).size).toBe(405);
  });

  it('sells home fibre only where fibre reaches, and never before the commune has the operator point of presence', () => {
    expect(coverage.broadband.every((r) => r.fiberReaches || !r.ftthAvailable)).toBe(true);
    const presence = (commune: string, operator: string) =>
      coverage.communeFiber.filter((r) => r.communeCode === commune && r.operatorCode === operator && r.hasPointOfPresence).map((r) => r.observedOn)[0];
    for (const r of coverage.broadband.filter((x) => x.fiberReaches)) {
      const since = presence(r.villageCode.slice(0, 5), r.operatorCode);
      expect(since).toBeDefined();
      expect(r.observedOn >= (since ?? '9999')).toBe(true);
    }
  });

  it('brings a point of presence to 58 of 65 communes in 2021 and to all by July 2025', () => {
    const communesWithFiber = (day: string) =>
      new Set(
        [...stateOn(coverage.communeFiber, (r) => `${r.communeCode}/${r.operatorCode}`, day).values()]
          .filter((r) => r.hasPointOfPresence)
          .map((r) => r.communeCode),
      ).size;
    expect(communesWithFiber('2021-12-31')).toBe(58);
    expect(communesWithFiber('2025-07-31')).toBe(65);
  });
});

describe('what households could use', () => {
  it('follows the history on each survey day', () => {
    SURVEY_YEARS.forEach((year, y) => {
      const signal = new Set(
        [...stateOn(coverage.mobile, mobileKey, surveyDay(year)).values()]
          .filter((r) => r.technology !== '2G' && r.quality !== 'none')
          .map((r) => r.villageCode),
      );
      const ftth = new Set(
        [...stateOn(coverage.broadband, (r) => `${r.villageCode}/${r.operatorCode}`, surveyDay(year)).values()]
          .filter((r) => r.ftthAvailable)
          .map((r) => r.villageCode),
      );
      villages.forEach((v, i) => {
        expect(coverage.yearFlags[i]?.dataSignal[y]).toBe(signal.has(v.code));
        expect(coverage.yearFlags[i]?.ftthAvailable[y]).toBe(ftth.has(v.code));
      });
    });
  });
});

describe('subscriber reports', () => {
  it('report more than 920,000 smartphone subscribers in 2025, fewer before, one figure per commune and operator', () => {
    const totals = SURVEY_YEARS.map((year) =>
      plan.subscribers.filter((r) => r.reportedOn === `${year}-12-31`).reduce((s, r) => s + r.smartphoneSubscribers, 0),
    );
    expect(totals.at(-1)).toBe(921_500);
    totals.slice(1).forEach((t, i) => expect(t).toBeGreaterThan(totals[i] as number));
    expect(plan.subscribers).toHaveLength(65 * 4 * SURVEY_YEARS.length);
  });
});
