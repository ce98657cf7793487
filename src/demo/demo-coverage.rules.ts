import type { Quality, Technology } from '../coverage/index.ts';
import { addDays, allocate, chooseExactly, daysBetween, HISTORY_END, HISTORY_START, SURVEY_YEARS, surveyDay, type DemoTargets } from './demo.rules.ts';
import { HIN_DAM, type DemoCommune, type DemoVillage } from './demo-villages.rules.ts';
import type { Random } from '../platform/seeded-random.ts';

/** How an operator behaves in the demo, as `data/operators.json` describes it (by its code in the coverage module's list). */
export interface OperatorProfile {
  code: string;
  mobileReach: number;
  fiberReach: number;
  fiveGSince: string | null;
  smartphoneShare: number;
}

export const TECHNOLOGIES: readonly Technology[] = ['2G', '3G', '4G', '5G'];

/** The report's 2021 gaps, as exact sets. */
export interface CoverageGaps {
  /** VIL_NO_MOBILE 2021: no operator had stable 3G or better. */
  withoutStableMobile2021: boolean[];
  /** VIL_NO_BROADBAND 2021: no operator's fibre reached the village. */
  withoutBroadband2021: boolean[];
  /** Communes without a fibre point of presence in 2021 (their villages are all without broadband). */
  communesWithoutFiber2021: ReadonlySet<string>;
}

/**
 * Chooses the villages behind the report's 2021 figures: the most remote ones (with some chance
 * in the ranking), Hin Đăm among them, and every village of the communes still without fibre.
 */
export function chooseCoverageGaps(communes: readonly DemoCommune[], villages: readonly DemoVillage[], targets: DemoTargets, random: Random): CoverageGaps {
  const isHinDam = villages.map((v) => v.realName === HIN_DAM.name);
  const villagesOf = new Map<string, number>();
  for (const v of villages) villagesOf.set(v.communeCode, (villagesOf.get(v.communeCode) ?? 0) + 1);

  const communesWithoutFiber2021 = new Set<string>();
  let forced = isHinDam.filter(Boolean).length;
  const remotestFirst = communes.filter((c) => c.landscape !== 'ward').sort((a, b) => b.remoteness - a.remoteness || a.code.localeCompare(b.code));
  for (const commune of remotestFirst) {
    if (communesWithoutFiber2021.size === targets.communesWithoutFiber2021) break;
    const added = (villagesOf.get(commune.code) ?? 0) - (commune.code === HIN_DAM.communeCode ? 1 : 0);
    if (forced + added > targets.villagesWithoutBroadband2021) continue;
    communesWithoutFiber2021.add(commune.code);
    forced += added;
  }

  const score = () => villages.map((v) => v.remoteness + 0.3 * random.next());
  return {
    withoutBroadband2021: chooseExactly(
      targets.villagesWithoutBroadband2021,
      score(),
      villages.map((v, i) => (isHinDam[i] as boolean) || communesWithoutFiber2021.has(v.communeCode)),
    ),
    withoutStableMobile2021: chooseExactly(targets.villagesWithoutStableMobile2021, score(), isHinDam),
    communesWithoutFiber2021,
  };
}

export interface MobileRecord {
  villageCode: string;
  operatorCode: string;
  technology: Technology;
  quality: Quality;
  observedOn: string;
  note: string | null;
}

export interface BroadbandRecord {
  villageCode: string;
  operatorCode: string;
  fiberReaches: boolean;
  ftthAvailable: boolean;
  observedOn: string;
}

export interface CommuneFiberRecord {
  communeCode: string;
  operatorCode: string;
  hasPointOfPresence: boolean;
  observedOn: string;
}

/** What a village's households could use on each survey day (index: SURVEY_YEARS). */
export interface VillageYearFlags {
  /** Some 3G/4G/5G signal, stable or not: apps can be used. */
  dataSignal: boolean[];
  /** Some operator sells home fibre (FTTH) in the village. */
  ftthAvailable: boolean[];
}

export interface CoveragePlan {
  mobile: MobileRecord[];
  broadband: BroadbandRecord[];
  communeFiber: CommuneFiberRecord[];
  yearFlags: VillageYearFlags[];
}

/** A value that starts on HISTORY_START and changes on some days; its value on a day is the latest change on or before it. */
interface History<T> {
  initial: T;
  changes: { on: string; value: T }[];
}

const history = <T>(initial: T): History<T> => ({ initial, changes: [] });

function valueOn<T>(h: History<T>, day: string): T {
  let value = h.initial;
  for (const change of h.changes) if (change.on <= day) value = change.value;
  return value;
}

/** One record for the start, then one per day the value really changes (the last word of a day wins). */
function recordsOf<T>(h: History<T>): { on: string; value: T }[] {
  const byDay = new Map<string, T>();
  for (const change of [...h.changes].sort((a, b) => a.on.localeCompare(b.on))) {
    if (change.on <= HISTORY_START) throw new Error(`A coverage change on ${change.on} would precede the history's start.`);
    byDay.set(change.on, change.value);
  }
  const records = [{ on: HISTORY_START, value: h.initial }];
  for (const [on, value] of byDay) {
    if (value !== (records.at(-1) as { value: T }).value) records.push({ on, value });
  }
  return records;
}

const QUALITY: Record<string, Quality> = { N: 'none', U: 'unstable', S: 'stable' };

/**
 * Sets the technologies of one operator in a village from a code such as 'SSU-': stable 2G and 3G,
 * unstable 4G, 5G unchanged. Without a day, it sets where the history starts.
 */
function setMobile(technologies: History<Quality>[], code: string, on?: string): void {
  technologies.forEach((h, t) => {
    const quality = QUALITY[code[t] ?? '-'];
    if (!quality) return;
    if (on === undefined) h.initial = quality;
    else h.changes.push({ on, value: quality });
  });
}

/** The fixed network of one operator in a village: fibre passes, and home fibre is sold. */
type Fixed = 'none' | 'fiber' | 'ftth';

const dayIn = (random: Random, from: string, to: string): string => addDays(from, random.int(daysBetween(from, to) + 1));
const later = (a: string, b: string): string => (a > b ? a : b);

/**
 * The coverage history of every village, operator and technology, and the fibre points of every
 * commune, consistent with the chosen gaps: villages without stable mobile in 2021 get it from
 * 2022 (not at all when `uncovered2025`), and fibre never reaches a village before its commune's
 * point of presence or, for the 2021 gaps, before 2022.
 */
export function planCoverage(input: {
  communes: readonly DemoCommune[];
  villages: readonly DemoVillage[];
  gaps: CoverageGaps;
  uncovered2025: readonly boolean[];
  operators: readonly OperatorProfile[];
  random: Random;
}): CoveragePlan {
  const { communes, villages, gaps, uncovered2025, operators, random } = input;
  const mobileLeader = widest(operators, (o) => o.mobileReach);
  const fiberLeader = widest(operators, (o) => o.fiberReach);
  const plan: CoveragePlan = { mobile: [], broadband: [], communeFiber: [], yearFlags: [] };

  const pointOfPresence = new Map<string, string | null>();
  for (const commune of communes) {
    const withoutFiber = gaps.communesWithoutFiber2021.has(commune.code);
    for (const operator of operators) {
      let since: string | null = null;
      if (operator === fiberLeader) since = withoutFiber ? dayIn(random, '2022-01-01', '2025-07-31') : HISTORY_START;
      else if (operator.fiberReach > 0 && !withoutFiber && (commune.landscape === 'ward' || random.chance(operator.fiberReach))) since = HISTORY_START;
      else if (operator.fiberReach > 0 && random.chance(operator.fiberReach / 2)) since = dayIn(random, '2022-01-01', HISTORY_END);
      pointOfPresence.set(`${commune.code}/${operator.code}`, since);
      const presence = history(since === HISTORY_START);
      if (since !== null && since !== HISTORY_START) presence.changes.push({ on: since, value: true });
      for (const r of recordsOf(presence)) {
        plan.communeFiber.push({ communeCode: commune.code, operatorCode: operator.code, hasPointOfPresence: r.value, observedOn: r.on });
      }
    }
  }

  villages.forEach((village, v) => {
    const status: MobileStatus = !gaps.withoutStableMobile2021[v] ? 'covered' : uncovered2025[v] ? 'uncovered' : 'arrives';
    const arrival = dayIn(random, '2022-01-01', '2025-06-30');
    const note = village.realName === HIN_DAM.name ? 'Báo Lạng Sơn 2025: no signal until 2022, 4G since' : null;
    const data: History<Quality>[] = [];
    const fixed: History<Fixed>[] = [];
    for (const operator of operators) {
      const technologies = mobileHistory(village, operator, operator === mobileLeader, status, arrival, random);
      technologies.forEach((h, t) => {
        for (const r of recordsOf(h)) {
          plan.mobile.push({
            villageCode: village.code,
            operatorCode: operator.code,
            technology: TECHNOLOGIES[t] as Technology,
            quality: r.value,
            observedOn: r.on,
            note,
          });
        }
      });
      data.push(...technologies.slice(1));

      const since = pointOfPresence.get(`${village.communeCode}/${operator.code}`) ?? null;
      const network = fixedHistory(
        village,
        operator,
        operator === fiberLeader,
        since,
        gaps.withoutBroadband2021[v] === true,
        uncovered2025[v] === true,
        random,
      );
      for (const r of recordsOf(network)) {
        plan.broadband.push({
          villageCode: village.code,
          operatorCode: operator.code,
          fiberReaches: r.value !== 'none',
          ftthAvailable: r.value === 'ftth',
          observedOn: r.on,
        });
      }
      fixed.push(network);
    }
    plan.yearFlags.push({
      dataSignal: SURVEY_YEARS.map((y) => data.some((h) => valueOn(h, surveyDay(y)) !== 'none')),
      ftthAvailable: SURVEY_YEARS.map((y) => fixed.some((h) => valueOn(h, surveyDay(y)) === 'ftth')),
    });
  });
  return plan;
}

/** Stable 3G since 2021, from 2022 on (`arrival`), or still not at the end of 2025. */
type MobileStatus = 'covered' | 'arrives' | 'uncovered';

/** One operator's technologies in one village (index: TECHNOLOGIES). */
function mobileHistory(
  village: DemoVillage,
  operator: OperatorProfile,
  leads: boolean,
  status: MobileStatus,
  arrival: string,
  random: Random,
): History<Quality>[] {
  const technologies = TECHNOLOGIES.map(() => history<Quality>('none'));
  const present = leads || random.chance(operator.mobileReach * (village.landscape === 'ward' ? 1 : 1 - 0.5 * village.remoteness));
  if (village.realName === HIN_DAM.name) {
    if (operator.code === HIN_DAM.signal.operator) setMobile(technologies, 'SSS-', HIN_DAM.signal.since);
    return technologies;
  }
  if (!present) return technologies;
  if (status === 'covered') {
    const start = leads ? (random.chance(0.8) ? 'SSSN' : 'SSUN') : random.pick(['SSSN', 'SSUN', 'SUNN']);
    setMobile(technologies, start);
    if (leads && start !== 'SSSN') setMobile(technologies, 'SSS-', dayIn(random, '2021-03-01', '2024-12-31'));
    if (!leads && start !== 'SSSN' && random.chance(0.7)) setMobile(technologies, 'SSS-', dayIn(random, '2021-06-01', '2025-09-30'));
    if (village.landscape === 'ward' && operator.fiveGSince) setMobile(technologies, '---S', operator.fiveGSince);
  } else if (status === 'arrives') {
    // Nothing stable at 3G or above before 2022: the leader's mast arrives first, others may follow.
    setMobile(technologies, leads ? random.pick(['NNNN', 'UNNN', 'SNNN', 'SUNN', 'SUUN']) : random.pick(['NNNN', 'NNNN', 'UNNN', 'SNNN']));
    if (leads) setMobile(technologies, 'SSS-', arrival);
    else if (random.chance(0.5)) setMobile(technologies, 'SSS-', dayIn(random, addDays(arrival, 30), '2025-09-30'));
  } else {
    // Still no stable 3G at the end of 2025: at best a weak signal arrived.
    setMobile(technologies, random.pick(['NNNN', 'UNNN', 'SNNN']));
    if (leads && random.chance(0.6)) setMobile(technologies, 'SUU-', dayIn(random, '2023-01-01', '2025-09-30'));
  }
  return technologies;
}

/**
 * One operator's fixed network in one village: none without its point of presence in the
 * commune (`since`), nor in the remotest villages; never before 2022 where 2021 lacked it.
 */
function fixedHistory(
  village: DemoVillage,
  operator: OperatorProfile,
  leads: boolean,
  since: string | null,
  lacked2021: boolean,
  uncovered2025: boolean,
  random: Random,
): History<Fixed> {
  const network = history<Fixed>('none');
  if (since === null || (lacked2021 && uncovered2025)) return network;
  if (leads && !lacked2021) {
    if (random.chance(0.85)) network.initial = 'ftth';
    else {
      network.initial = 'fiber';
      network.changes.push({ on: dayIn(random, '2021-03-01', '2024-12-31'), value: 'ftth' });
    }
  } else if (leads) {
    const reaches = dayIn(random, later('2022-01-01', since), '2025-09-30');
    const sells = random.chance(0.75) ? reaches : addDays(reaches, 30 + random.int(365));
    network.changes.push({ on: reaches, value: 'fiber' });
    if (sells <= HISTORY_END) network.changes.push({ on: sells, value: 'ftth' });
  } else if (random.chance(operator.fiberReach * (1 - 0.5 * village.remoteness))) {
    const earliest = later(since, lacked2021 ? '2022-01-01' : HISTORY_START);
    if (earliest === HISTORY_START && random.chance(0.6)) network.initial = 'ftth';
    else network.changes.push({ on: dayIn(random, later(earliest, '2021-03-01'), HISTORY_END), value: 'ftth' });
  }
  return network;
}

/** The operator with the widest reach: it serves every village counted as covered. */
function widest(operators: readonly OperatorProfile[], reach: (o: OperatorProfile) => number): OperatorProfile {
  const best = [...operators].sort((a, b) => reach(b) - reach(a))[0];
  if (!best) throw new Error('The demo needs at least one operator.');
  return best;
}

export interface SubscriberRecord {
  communeCode: string;
  operatorCode: string;
  reportedOn: string;
  smartphoneSubscribers: number;
}

/** Smartphone subscribers as a share of 2025's, year by year (SURVEY_YEARS). */
const SUBSCRIBER_GROWTH = [0.7, 0.78, 0.86, 0.94, 1];

/**
 * What operators report at each year end: the year's total split over communes by population
 * (towns hold more subscriptions per person) and over operators by market share, exactly.
 */
export function planSubscriberReports(
  communes: readonly DemoCommune[],
  operators: readonly OperatorProfile[],
  total2025: number,
  random: Random,
): SubscriberRecord[] {
  const records: SubscriberRecord[] = [];
  SURVEY_YEARS.forEach((year, y) => {
    const total = Math.round(total2025 * (SUBSCRIBER_GROWTH[y] as number));
    const perCommune = allocate(
      total,
      communes.map((c) => c.weight * (c.landscape === 'ward' ? 1.3 : 1) * random.between(0.95, 1.05)),
    );
    communes.forEach((commune, c) => {
      const perOperator = allocate(
        perCommune[c] as number,
        operators.map((o) => o.smartphoneShare),
      );
      operators.forEach((operator, o) => {
        records.push({ communeCode: commune.code, operatorCode: operator.code, reportedOn: `${year}-12-31`, smartphoneSubscribers: perOperator[o] as number });
      });
    });
  });
  return records;
}
