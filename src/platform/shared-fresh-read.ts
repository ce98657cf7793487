/**
 * A small read that many requests make at once (the read-version counters, decision 0051), shared:
 * at most one is under way per owner (a database handle), and the callers who ask meanwhile share
 * the next one, begun once it ends. Each caller still gets a result read after it asked, so a
 * reader who has just written sees its write; under fifty readers the read costs one or two
 * queries at a time instead of fifty, which leaves the pool's connections to the writes.
 */
export function sharedFreshRead<K extends object, T>(read: (owner: K) => Promise<T>): (owner: K) => Promise<T> {
  const states = new WeakMap<K, { running: Promise<T> | null; next: Promise<T> | null }>();
  const start = (owner: K, state: { running: Promise<T> | null }): Promise<T> => {
    const running = read(owner).finally(() => {
      if (state.running === running) state.running = null;
    });
    state.running = running;
    return running;
  };
  return (owner) => {
    let state = states.get(owner);
    if (!state) states.set(owner, (state = { running: null, next: null }));
    const running = state.running;
    if (!running) return start(owner, state);
    let next = state.next;
    if (!next) {
      const s = state;
      // Begun after the read under way ends, whatever its outcome: that one may predate this caller.
      next = running
        .then(
          () => undefined,
          () => undefined,
        )
        .then(() => {
          s.next = null;
          return start(owner, s);
        });
      s.next = next;
    }
    return next;
  };
}
