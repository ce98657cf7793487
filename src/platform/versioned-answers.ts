/*
 * Recent JSON answers kept in memory under a version the database moves: triggers bump a
 * `read_version` counter in the transaction of any change to what the answers are made of
 * (migrations 0005 and 0007), so no code path has to remember to invalidate, and another app
 * instance's write is seen at the next read. The caller reads the version BEFORE the data: a change
 * committed between the two reads is cached under the older version and replaced at the next read,
 * never the reverse. One store per database handle (a process may open several: the tests do).
 *
 * Under a stream of writes the version moves every few milliseconds, and every reader would wait
 * for a fresh computation. So while one is under way, the others get the answer before it, if that
 * answer was begun less than `MAX_STALE_MS` ago (docs/decisions/0051-answers-while-writes-stream.md):
 * a write is in every answer begun after it, so no reader sees the province more than that behind.
 * The reader who finds no computation under way starts one and waits for it, so whoever reads
 * after writing, one request at a time, sees the write.
 */

/** A counter, or for answers made of several sources a string that changes whenever one of them does. */
type Version = number | string;

/** How far behind the latest write an answer may be served while its successor is computed. */
export const MAX_STALE_MS = 1000;

interface Answer {
  version: Version;
  json: Buffer;
  /** When its computation began: the data it was made of is at least that recent. */
  startedAt: number;
  order: number;
}

interface Entry {
  answer: Answer | null;
  /** The computations under way, by version, which the readers of that version join. */
  computing: Map<Version, Promise<Buffer>>;
  /** A newer version a reader saw while served the answer before it: computed once the current one ends. */
  next: { version: Version; compute: () => Promise<unknown> } | null;
}

export interface VersionedAnswers {
  /**
   * The answer to `key` at `version` from the store of `db` (a database handle): from memory, or
   * computed once however many ask at the same time.
   */
  get(db: object, version: Version, key: string, compute: () => Promise<unknown>): Promise<Buffer>;
}

/**
 * A store of at most `maxAnswers` answers of at most `maxBytes` each (larger ones are rare and would
 * crowd the others out; they are computed every time).
 */
export function versionedAnswers(options: { maxAnswers: number; maxBytes: number; clock?: () => number }): VersionedAnswers {
  const clock = options.clock ?? (() => performance.now());
  const stores = new WeakMap<object, Map<string, Entry>>();
  let started = 0;

  const start = (entry: Entry, version: Version, compute: () => Promise<unknown>): Promise<Buffer> => {
    const startedAt = clock();
    const order = ++started;
    const computing = compute()
      .then((answer) => {
        const json = Buffer.from(JSON.stringify(answer));
        // An answer begun earlier never replaces one begun later, whichever ends first.
        if (json.length <= options.maxBytes && (entry.answer === null || entry.answer.order < order)) {
          entry.answer = { version, json, startedAt, order };
        }
        return json;
      })
      .finally(() => {
        entry.computing.delete(version);
        const next = entry.next;
        if (entry.computing.size > 0 || next === null) return;
        entry.next = null;
        // Nobody waits for it: a failure here is met again, and answered, by the next reader.
        if (next.version !== entry.answer?.version) start(entry, next.version, next.compute).catch(() => undefined);
      });
    entry.computing.set(version, computing);
    return computing;
  };

  return {
    get(db, version, key, compute) {
      let entries = stores.get(db);
      if (!entries) stores.set(db, (entries = new Map()));
      let entry = entries.get(key);
      if (entry) entries.delete(key);
      else entry = { answer: null, computing: new Map(), next: null };
      // Most recently used last, so the oldest is the first to go.
      entries.set(key, entry);
      if (entries.size > options.maxAnswers) entries.delete(entries.keys().next().value!);

      const answer = entry.answer;
      if (answer?.version === version) return Promise.resolve(answer.json);
      if (answer && entry.computing.size > 0 && clock() - answer.startedAt <= MAX_STALE_MS) {
        entry.next = { version, compute };
        return Promise.resolve(answer.json);
      }
      // Joined only under the same version: that computation read its data after this version.
      return entry.computing.get(version) ?? start(entry, version, compute);
    },
  };
}
