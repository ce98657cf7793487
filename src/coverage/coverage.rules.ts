import type { Issue } from '../platform/errors.ts';
import type { Quality, Technology } from './coverage.tables.ts';

const RANK: Record<Technology, number> = { '2G': 2, '3G': 3, '4G': 4, '5G': 5 };

interface MobileState {
  operatorCode: string;
  technology: Technology;
  quality: Quality;
  observedOn: string;
}

/** The state as of a day: for each operator and technology, the latest record on or before it. */
export function mobileStateAsOf<T extends MobileState>(records: readonly T[], day: string): T[] {
  const latest = new Map<string, T>();
  for (const r of records) {
    if (r.observedOn > day) continue;
    const key = `${r.operatorCode}|${r.technology}`;
    const seen = latest.get(key);
    if (!seen || seen.observedOn < r.observedOn) latest.set(key, r);
  }
  return [...latest.values()];
}

/**
 * The best technology any operator offers with stable quality on a day, or null (a "white spot").
 * Counted as ITU i271G counts coverage: where people live, across all operators.
 */
export function bestStableTechnology(records: readonly MobileState[], day: string): Technology | null {
  let best: Technology | null = null;
  for (const r of mobileStateAsOf(records, day)) {
    if (r.quality === 'stable' && (!best || RANK[r.technology] > RANK[best])) best = r.technology;
  }
  return best;
}

/** Rules every coverage record obeys, whoever sends it. */
export function checkObservedOn(observedOn: string, today: string): Issue[] {
  if (observedOn <= today) return [];
  return [
    {
      code: 'coverage.observed_in_future',
      field: 'observedOn',
      message: { vi: 'Ngày ghi nhận không thể ở tương lai.', en: 'The observation date cannot be in the future.' },
    },
  ];
}

export function checkBroadband(record: { fiberReaches: boolean; ftthAvailable: boolean }): Issue[] {
  if (record.fiberReaches || !record.ftthAvailable) return [];
  return [
    {
      code: 'coverage.ftth_without_fiber',
      field: 'ftthAvailable',
      message: { vi: 'Không thể có cáp quang đến hộ khi cáp quang chưa đến thôn/bản.', en: 'Fibre to the home needs fibre reaching the village.' },
    },
  ];
}
