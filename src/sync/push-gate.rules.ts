/**
 * How many pushes the server works on at once. Beyond that a push is turned away at once with a
 * time to come back, rather than queued: in a storm (a village's phones all regaining signal) a
 * queue makes every push wait a minute and time out on the phone, which then sends it again;
 * turned away, the phone keeps its outbox and returns when told, and the pushes being served
 * finish in seconds. Throughput is the same either way: the database is the bottleneck.
 */
export interface PushGate {
  /** True if the push may go ahead; it must then call `leave` once done, whatever happened. */
  enter(): boolean;
  leave(): void;
  inFlight(): number;
  /** For a push turned away: whole seconds until its turn (the Retry-After header). */
  comeBackAfterSeconds(): number;
}

/** Pushes finished within this window tell the gate how fast it is going. */
const PACE_WINDOW_MS = 10_000;
/** The latest a phone is told to come back: past that its own backoff takes over anyway. */
export const MAX_COME_BACK_SECONDS = 60;

/**
 * Turned-away phones are given turns at the pace the server has been finishing pushes
 * (docs/decisions/0050-come-back-at-the-servers-pace.md): the first comes back in a second, the
 * hundredth when the ninety-nine before it should have been served. A fixed random window (5–30 s,
 * as first built) left a storm's last phones idle for up to half a minute while the server had
 * nothing to do. With no pace known yet, a push a second per place in the gate is assumed.
 */
export function createPushGate(limit: number, clock: () => number = () => performance.now()): PushGate {
  let inFlight = 0;
  const finished: number[] = [];
  let nextTurn = 0;
  // Kept to the window at every push's end too: a server never turning anyone away keeps no more.
  const forgetBefore = (now: number) => {
    while (finished.length > 0 && finished[0]! < now - PACE_WINDOW_MS) finished.shift();
  };
  const pushesPerSecond = (now: number): number => {
    forgetBefore(now);
    if (finished.length < 2) return Math.max(limit, 1);
    return finished.length / Math.max(1, (now - finished[0]!) / 1000);
  };
  return {
    enter() {
      if (inFlight >= limit) return false;
      inFlight++;
      return true;
    },
    leave() {
      inFlight = Math.max(0, inFlight - 1);
      const now = clock();
      forgetBefore(now);
      finished.push(now);
    },
    inFlight: () => inFlight,
    comeBackAfterSeconds() {
      const now = clock();
      nextTurn = Math.max(nextTurn, now + 1000);
      // Whole milliseconds first: (now + 1000) - now is 1000.0000000000001 at some clock readings.
      const seconds = Math.min(MAX_COME_BACK_SECONDS, Math.ceil(Math.round(nextTurn - now) / 1000));
      nextTurn = Math.min(nextTurn + 1000 / pushesPerSecond(now), now + MAX_COME_BACK_SECONDS * 1000);
      return seconds;
    },
  };
}
