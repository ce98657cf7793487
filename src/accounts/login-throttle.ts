/**
 * Failed log-ins counted per address, across every user name: one address trying thirty names with
 * one password each is never slowed down by the per-name limit. Only failures count, so a commune
 * office behind one address, where twenty officers log in each morning, is not held back.
 * Kept in memory: the server is one process, and a restart forgetting the counts is harmless.
 */
export interface FailureCounter {
  /** Milliseconds to wait before the next attempt from `key`, or 0 when it may go ahead. */
  waitFor(key: string): number;
  recordFailure(key: string): void;
}

export function createFailureCounter(limit: { max: number; windowMs: number }, now: () => number = Date.now): FailureCounter {
  const counts = new Map<string, { failures: number; resetAt: number }>();
  const current = (key: string) => {
    const entry = counts.get(key);
    if (entry && entry.resetAt <= now()) {
      counts.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    waitFor(key) {
      const entry = current(key);
      return entry && entry.failures >= limit.max ? entry.resetAt - now() : 0;
    },
    recordFailure(key) {
      const entry = current(key);
      if (entry) {
        entry.failures += 1;
        return;
      }
      // An attacker cycling addresses must not grow the map without end: old windows go first.
      if (counts.size >= 100_000) for (const [k, e] of counts) if (e.resetAt <= now()) counts.delete(k);
      counts.set(key, { failures: 1, resetAt: now() + limit.windowMs });
    },
  };
}
