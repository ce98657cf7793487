import { mobileStateAsOf } from '../../../src/coverage/coverage.rules.ts';
import type { Quality, Technology } from '../../../src/coverage/coverage.tables.ts';

const ORDER: readonly Technology[] = ['2G', '3G', '4G', '5G'];

interface MobileRecord {
  operatorCode: string;
  technology: Technology;
  quality: Quality;
  observedOn: string;
}

/** What one operator offered from a day on: its best stable technology, and a better one if only unstable. */
export interface MobileStep {
  observedOn: string;
  stable: Technology | null;
  unstable: Technology | null;
}

export interface BroadbandStep {
  observedOn: string;
  fiberReaches: boolean;
  ftthAvailable: boolean;
}

const better = (a: Technology | null, b: Technology) => (a === null || ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a);

/**
 * One operator's records (one per technology per change) read as a story: on each day something
 * changed, what the village had. Hin Đăm: "01/01/2021 no signal", then "2022 4G stable".
 */
export function mobileTimeline(records: readonly MobileRecord[]): MobileStep[] {
  const days = [...new Set(records.map((record) => record.observedOn))].sort();
  const steps = days.map((day): MobileStep => {
    let stable: Technology | null = null;
    let unstable: Technology | null = null;
    for (const state of mobileStateAsOf(records, day)) {
      if (state.quality === 'stable') stable = better(stable, state.technology);
      if (state.quality === 'unstable') unstable = better(unstable, state.technology);
    }
    // An unstable signal only adds something when it is a better technology than the stable one.
    if (unstable && stable && ORDER.indexOf(unstable) <= ORDER.indexOf(stable)) unstable = null;
    return { observedOn: day, stable, unstable };
  });
  return changesOnly(steps, (a, b) => a.stable === b.stable && a.unstable === b.unstable);
}

export function broadbandTimeline(records: readonly BroadbandStep[]): BroadbandStep[] {
  const sorted = [...records].sort((a, b) => a.observedOn.localeCompare(b.observedOn));
  return changesOnly(sorted, (a, b) => a.fiberReaches === b.fiberReaches && a.ftthAvailable === b.ftthAvailable);
}

/** Drops a step that says the same as the one before it. */
function changesOnly<T>(steps: T[], same: (a: T, b: T) => boolean): T[] {
  return steps.filter((step, index) => {
    const previous = steps[index - 1];
    return previous === undefined || !same(previous, step);
  });
}
