import type { Db } from '../platform/database.ts';
import type { Message } from '../platform/errors.ts';
import type { CounterName } from '../platform/read-versions.ts';
import type { Period } from './periods.ts';

/** A count the engine aggregates: summed over the territory, never averaged. */
export interface DataElement {
  code: string;
  name: Message;
}

/** One data element's value at a leaf (a village, or a commune for commune-level facts) for a period. */
export interface LeafValue {
  dataElement: string;
  orgUnitCode: string;
  period: string;
  value: number;
}

/**
 * What a module declares to feed the indicator engine: its data elements, how to compute them
 * from its own rows, and which pair of elements says how complete its reporting is.
 * Adding data to the engine is adding a source; the engine itself does not change.
 */
export interface DataSource {
  name: string;
  elements: readonly DataElement[];
  /** Where the values live: the engine adds them up to every ancestor. */
  leafLevel: 'village' | 'commune';
  /**
   * Elements that also have quarterly and monthly values (flows counted from rows dated by day).
   * The others are yearly only: a sub-year period of them is refused rather than guessed.
   */
  subYearElements?: readonly string[];
  /**
   * Values for these years, for the given leaves or (undefined) for all of them: for every
   * element its yearly values, and for `subYearElements` also those of the years' quarters and
   * months (`2025Q1`, `202501`), so a refresh of a year replaces all of its periods. `shared` is the
   * same for every source of one computation (one rebuild, one refresh), with the same years and
   * leaves: work two sources need, such as a summary of another module's rows, is done once.
   */
  compute(db: Db, years: readonly number[], leaves: readonly string[] | undefined, shared: SharedWork): Promise<LeafValue[]>;
  /**
   * Elements counted from households or their people, and the element that counts those households:
   * a public cell of them made from too few households is suppressed (decision 0017).
   */
  smallCells?: { households: string; elements: readonly string[] };
  /**
   * Other sources' elements this one's computation reads (the coverage source counts residents
   * from the households' surveys): a change to them recomputes this source too.
   */
  reads?: readonly string[];
  /** Figures that do not add up the territory (a median), computed when read (decision 0036). */
  readTimeElements?: readonly ReadTimeElement[];
  /** Completeness: `reported` leaves out of `expected` leaves. */
  reporting: { reported: string; expected: string };
  /**
   * Completeness for quarters and months, when the source has sub-year elements. An element of the
   * pair without sub-year values is read at the period's year (the villages that exist that year).
   */
  subYearReporting?: { reported: string; expected: string };
}

/**
 * A figure the engine cannot add up from the leaves, such as a median: never stored, computed when
 * an answer is read, for each unit over its whole subtree (decision 0036). Its value counts the
 * records it was made from (shops, say): a public value made from fewer than the smallest cell
 * allows is suppressed, as a cell of too few households is.
 */
export interface ReadTimeElement extends DataElement {
  /** Whether it has quarterly and monthly values besides yearly ones. */
  subYear: boolean;
  /**
   * The read-version counter that every change to what it is read from moves: its values for the
   * same units and periods are kept between reads while the counter stays (decision 0055).
   */
  counter: CounterName;
  /** Its values at these units (code and territory path) for these periods; none where nothing was recorded. */
  read(db: Db, units: readonly { code: string; path: string }[], periods: readonly Period[]): Promise<ReadTimeValue[]>;
}

export interface ReadTimeValue {
  orgUnitCode: string;
  period: string;
  value: number;
  /** How many records (shops, households) the value was made from. */
  records: number;
}

/**
 * Results computed once per computation and handed to every source that asks by the same key.
 * Keys are the modules' own (say `households.surveys`): the engine knows none of them.
 */
export interface SharedWork {
  once<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/** A fresh memo for one computation; dropped with it, so nothing outlives the transaction it read in. */
export function newSharedWork(): SharedWork {
  const started = new Map<string, Promise<unknown>>();
  return {
    once<T>(key: string, work: () => Promise<T>): Promise<T> {
      let result = started.get(key) as Promise<T> | undefined;
      if (!result) {
        result = work();
        started.set(key, result);
      }
      return result;
    },
  };
}

/** A record behind a broken validation rule at a leaf, for a person to open and fix. */
export interface RecordAtFault {
  kind: 'household';
  id: string;
  label: string;
  detail: Message;
}

/**
 * How a module finds the records behind one of its rules broken at a leaf for a period (first and
 * last day). Declared beside the rule; a rule without one lists the units at fault only.
 */
export type FindRecordsAtFault = (db: Db, at: { leaf: string; from: string; to: string }) => Promise<RecordAtFault[]>;

/** Turns one summary row per leaf and year into one value per data element. */
export function unpivot<R extends { org_unit_code: string; year: number }>(rows: readonly R[], columns: { [K in keyof R]?: string }): LeafValue[] {
  const values: LeafValue[] = [];
  const pairs = Object.entries(columns) as [keyof R, string][];
  for (const row of rows) {
    for (const [column, dataElement] of pairs) {
      values.push({ dataElement, orgUnitCode: row.org_unit_code, period: String(row.year), value: Number(row[column]) });
    }
  }
  return values;
}
