import type { Db } from './database.ts';

/*
 * Recent JSON answers kept in memory under a version the database moves: triggers bump a
 * `read_version` counter in the transaction of any change to what the answers are made of
 * (migrations 0005 and 0007), so no code path has to remember to invalidate, and another app
 * instance's write is seen at the next read. The caller reads the version BEFORE the data: a change
 * committed between the two reads is cached under the older version and replaced at the next read,
 * never the reverse. One store per database handle (a process may open several: the tests do).
 */

/** A counter, or for answers made of several sources a string that changes whenever one of them does. */
type Version = number | string;

interface Answers {
  version: Version;
  byRequest: Map<string, Buffer>;
  /** While one answer is computed, the requests that miss it too wait for it instead of repeating it. */
  computing: Map<string, Promise<Buffer>>;
}

export interface VersionedAnswers {
  /** The answer to `key` at `version`: from memory, or computed once however many ask at the same time. */
  get(db: Db, version: Version, key: string, compute: () => Promise<unknown>): Promise<Buffer>;
}

/**
 * A store of at most `maxAnswers` answers of at most `maxBytes` each (larger ones are rare and would
 * crowd the others out; they are computed every time).
 */
export function versionedAnswers(options: { maxAnswers: number; maxBytes: number }): VersionedAnswers {
  const stores = new WeakMap<Db, Answers>();
  return {
    get(db, version, key, compute) {
      let store = stores.get(db);
      if (!store || store.version !== version) {
        store = { version, byRequest: new Map(), computing: new Map() };
        stores.set(db, store);
      }
      const hit = store.byRequest.get(key);
      if (hit !== undefined) {
        // Most recently used last, so the oldest is the first to go.
        store.byRequest.delete(key);
        store.byRequest.set(key, hit);
        return Promise.resolve(hit);
      }
      // Joined only under the same version: that computation read its data after this version.
      const pending = store.computing.get(key);
      if (pending) return pending;
      const current = store;
      const computing = compute()
        .then((answer) => {
          const json = Buffer.from(JSON.stringify(answer));
          // Kept unless the version moved on meanwhile (a newer store replaced this one).
          if (json.length <= options.maxBytes && stores.get(db) === current) {
            current.byRequest.set(key, json);
            if (current.byRequest.size > options.maxAnswers) current.byRequest.delete(current.byRequest.keys().next().value!);
          }
          return json;
        })
        .finally(() => current.computing.delete(key));
      current.computing.set(key, computing);
      return computing;
    },
  };
}
