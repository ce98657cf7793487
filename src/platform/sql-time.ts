import { sql } from 'kysely';

/**
 * The database's "now" floored to the millisecond, for a row that is due at once. A JavaScript
 * clock has only milliseconds: a dispatcher asking "due at or before Date.now()" within the same
 * millisecond as the insert would otherwise miss a row stamped a few microseconds later.
 */
export const dueNow = () => sql<Date>`date_trunc('milliseconds', now())`;
