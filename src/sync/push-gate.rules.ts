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
}

export function createPushGate(limit: number): PushGate {
  let inFlight = 0;
  return {
    enter() {
      if (inFlight >= limit) return false;
      inFlight++;
      return true;
    },
    leave() {
      inFlight = Math.max(0, inFlight - 1);
    },
    inFlight: () => inFlight,
  };
}

/** Seconds to come back after: spread over a window so that the turned-away phones do not return together. */
export function retryAfterSeconds(random: number, window: { min: number; max: number } = { min: 5, max: 30 }): number {
  return Math.round(window.min + Math.min(Math.max(random, 0), 1) * (window.max - window.min));
}
