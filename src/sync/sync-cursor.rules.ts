/**
 * The pull cursor: a position in one ordered stream of everything a village's phone pulls.
 *
 * Rows of five tables are merged into one order, (change_txid, stream, id): the transaction that
 * last wrote the row first, then a fixed rank per table, then the id. The rank makes the order
 * total even if two tables held the same id (ids come from phones). Pulls only hand out rows of
 * transactions older than the oldest one still running, so the stream below a cursor never
 * changes afterwards (docs/decisions/0007-field-sync.md).
 *
 * The cursor also keeps the village it belongs to (a cursor of another village is refused, not
 * misread) and the earliest date of visits and trainings the first pull chose, so later pages of
 * the same phone keep that window.
 */
import { isCalendarDate } from '../platform/dates.ts';

export const STREAMS = ['team', 'team_member', 'household', 'training', 'support_visit'] as const;
export type Stream = (typeof STREAMS)[number];

export interface StreamPosition {
  /** xid8 as decimal text: 64 bits, so kept out of JavaScript numbers. */
  txid: string;
  rank: number;
  id: string;
}

export interface SyncCursor {
  village: string;
  after: StreamPosition;
  /** Visits and trainings dated before this day are not sent. */
  since: string;
}

const FORMAT = 'c1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NIL = '00000000-0000-0000-0000-000000000000';

/** Before every row: real transaction ids start at 3. */
export const START: StreamPosition = { txid: '0', rank: 0, id: NIL };

export const rankOf = (stream: Stream): number => STREAMS.indexOf(stream);

/** The first pull's window for visits and trainings: this year and last year. */
export function firstPullSince(today: string): string {
  return `${Number(today.slice(0, 4)) - 1}-01-01`;
}

export function encodeCursor(cursor: SyncCursor): string {
  const { village, after, since } = cursor;
  return Buffer.from([FORMAT, village, after.txid, after.rank, after.id, since].join('|'), 'utf8').toString('base64url');
}

/** The cursor, or null when it is not one this server made. */
export function decodeCursor(text: string): SyncCursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const parts = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (parts.length !== 6) return null;
  const [format, village, txid, rank, id, since] = parts as [string, string, string, string, string, string];
  if (format !== FORMAT) return null;
  if (!/^\d{1,20}$/.test(village)) return null;
  if (!/^\d{1,20}$/.test(txid) || BigInt(txid) > 0xffff_ffff_ffff_ffffn) return null;
  if (!/^\d$/.test(rank) || Number(rank) >= STREAMS.length) return null;
  if (!UUID.test(id)) return null;
  if (!isCalendarDate(since)) return null;
  return { village, after: { txid, rank: Number(rank), id }, since };
}

/** Compares two positions of the stream. */
export function comparePositions(a: StreamPosition, b: StreamPosition): number {
  const ta = BigInt(a.txid);
  const tb = BigInt(b.txid);
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.rank !== b.rank) return a.rank - b.rank;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * One page of the merged stream: each table was read in its own order, `limit + 1` rows past the
 * cursor; the first `limit` of the merge are the page, and anything beyond means there is more.
 */
export function mergePage<T extends { position: StreamPosition }>(streams: readonly (readonly T[])[], limit: number): { page: T[]; more: boolean } {
  const merged = streams.flat().sort((a, b) => comparePositions(a.position, b.position));
  return { page: merged.slice(0, limit), more: merged.length > limit };
}
