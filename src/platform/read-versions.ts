import { sql } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import type { Db } from './database.ts';
import { sharedFreshRead } from './shared-fresh-read.ts';
import type { ReadVersionTable } from './schema.ts';

export type CounterName = ReadVersionTable['name'];

const CHANNEL = 'banso_read_version';

/** The counters of a database whose every commit this process sees (the embedded engine), as announced. */
const announced = new WeakMap<Db, Map<string, number>>();

/**
 * The read-version counters named (migrations 0005, 0007), each 0 if there is none yet. Where this
 * process follows them (`followReadVersions`) from memory, without a query: on the embedded engine
 * a query waits for the one connection, which every write's transaction holds (decision 0054).
 * Otherwise read as committed now: inside a transaction by its own query, outside one by a query
 * shared with the other readers of the moment (`readAllCounters`).
 */
export async function readCounters<N extends CounterName>(db: Db, names: readonly N[]): Promise<Record<N, number>> {
  const known = announced.get(db) ?? (db.isTransaction ? await queryCounters(db) : await readAllCounters(db));
  return Object.fromEntries(names.map((name) => [name, known.get(name) ?? 0])) as Record<N, number>;
}

type Counters = Map<string, number>;

const queryCounters = async (db: Db): Promise<Counters> =>
  new Map((await db.selectFrom('read_version').select(['name', 'version']).execute()).map((r) => [r.name, Number(r.version)]));

/**
 * Every counter (a handful of rows), read by one query for all who ask while the one before runs
 * (decision 0051): every cached answer, the scorecard's, the white spots', the national view's,
 * checks its counters first, and under fifty readers a query each held the pool's connections.
 */
const readAllCounters = sharedFreshRead(queryCounters);

/**
 * From now on, keeps this database's counters in memory, moved by the announcements their commits
 * make (migration 0028), for an embedded engine: one process, one session, every commit its own.
 * PGlite hands an announcement to its listener before the COMMIT's own answer, so whoever commits
 * and then reads finds the counter moved. Counters only go up: an older announcement never wins.
 */
export async function followReadVersions(db: Db, engine: PGlite): Promise<void> {
  if (announced.has(db)) return;
  const known = new Map<string, number>();
  const note = (name: string, version: number) => known.set(name, Math.max(known.get(name) ?? 0, version));
  // Session-wide: the embedded engine has only this session.
  await sql`select set_config('banso.announce_read_versions', 'on', false)`.execute(db);
  await engine.listen(CHANNEL, (payload) => {
    const [name, version] = payload.split(' ');
    if (name && version) note(name, Number(version));
  });
  // After listening: a commit between the two is in one or the other, or both.
  for (const [name, version] of await queryCounters(db)) note(name, version);
  announced.set(db, known);
}
