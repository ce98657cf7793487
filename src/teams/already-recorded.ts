import { conflict } from '../platform/errors.ts';

/** A write judged and staged in its batch (decision 0042): the unit it is filed under, and what its client is answered. */
export interface StagedWrite<T> {
  provinceCode: string;
  villageCode: string;
  result: T;
}

/**
 * Visits and trainings are facts recorded under the id their client made. The same id again is a
 * retry: it writes nothing and answers as the first time did. The same id on another record is a
 * client's fault, and is said so rather than ignored.
 */
export function alreadyRecorded<T>(unit: { code: string; province_code: string }, result: T): StagedWrite<T> {
  return { provinceCode: unit.province_code, villageCode: unit.code, result };
}

export const idTaken = (what: 'visit' | 'training', id: string) =>
  conflict(
    `${what}.id_taken`,
    what === 'visit'
      ? { vi: 'Mã lần hỗ trợ này đã được dùng cho một hộ khác.', en: `The visit id ${id} is already used for another household.` }
      : { vi: 'Mã buổi tập huấn này đã được dùng ở thôn/bản khác.', en: `The training id ${id} is already used in another village.` },
    'id',
  );
