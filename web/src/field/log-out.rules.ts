import type { OutboxItem } from './field.types.ts';
import { isWaiting } from './sync.rules.ts';

/**
 * Logging out of the field app on a shared phone. The next person to pick the phone up must see
 * nothing of the village: the households, visits, trainings, the outbox, the pull cursor and the
 * account go, whatever the network. The server's session is ended too, at once when online, else
 * as soon as the phone is (field-app.tsx): until then the app behaves as logged out.
 */

/** What the phone keeps in its `meta` table across a log-out, and why. */
const KEPT_META: ReadonlySet<string> = new Set([
  // The phone's own id names the phone, not a person or a village: the officers' list of devices
  // keeps seeing one shared phone rather than a new device at every change of hands.
  'deviceId',
]);

/**
 * The meta rows left after a log-out: the device id, and the mark that the server's session
 * still has to be ended (cleared once it has been).
 */
export function metaAfterLogOut<R extends { key: string; value: unknown }>(rows: readonly R[]): { key: string; value: unknown }[] {
  return [...rows.filter((row) => KEPT_META.has(row.key)), { key: 'pendingLogOut', value: true }];
}

/**
 * Changes a log-out would lose: those not on the server yet (waiting, or refused as a whole
 * request before the server stored them). A refusal the server stored stays on its list of
 * changes needing attention and comes back at the next log-in; a drop not yet told to the server
 * is what the user chose to lose.
 */
export function lostOnLogOut(outbox: readonly OutboxItem[]): number {
  return outbox.filter((item) => isWaiting(item) || (item.state === 'needs_attention' && !item.recorded)).length;
}

/** Refusals the server holds: they outlive the log-out there. */
export function keptByServer(outbox: readonly OutboxItem[]): number {
  return outbox.filter((item) => item.state === 'needs_attention' && item.recorded).length;
}

export interface PendingLogOut {
  /** Ends the session on the server; nobody logged in counts as ended. Throws when unreachable. */
  endServerSession: () => Promise<void>;
  /** Forgets that the server's session still had to be ended. */
  clearPending: () => Promise<void>;
}

/**
 * Ends the server's session of a log-out done earlier (or just now). True when it is over; false
 * when the server could not be reached, and the mark stays for the next try.
 */
export async function finishLogOut({ endServerSession, clearPending }: PendingLogOut): Promise<boolean> {
  try {
    await endServerSession();
  } catch (error) {
    console.warn('Log-out: the server could not be reached; it will be tried again', error);
    return false;
  }
  await clearPending();
  return true;
}
