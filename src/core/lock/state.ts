/**
 * The parental lock as data, and its state machine. Pure: the worker (background/lock/) reads the record from its
 * IndexedDB and the unlock session from storage.session, asks `lockState`, and writes back what a transition returns.
 *
 *   none ──set PIN──► locked ──right PIN/code──► unlocked (until a time) ──time passes / lock now──► locked
 *                      │  ▲                                                      │
 *            request reset  └──── right PIN/code (cancels the reset) ◄── reset-pending ──waiting period over──► none
 *
 * The reset-pending state is locked (it unlocks nothing); it only says the lock will go away at `effectiveAt`.
 */
import { NO_FAILURES, afterFailure, nextTryAt, type Failures } from './backoff';
import type { PinRecord } from './pin-hash';

export const DEFAULT_UNLOCK_MINUTES = 5;
export const MAX_UNLOCK_MINUTES = 60;
export const DEFAULT_RESET_WAIT_HOURS = 48;
export const MIN_RESET_WAIT_HOURS = 24;
export const MAX_RESET_WAIT_HOURS = 14 * 24;

export interface TotpEnrolment {
  /** Base32 secret shared with the authenticator app. */
  secret: string;
  /** The time step of the last code accepted (never accepted again, nor any before it); -1 when none was. */
  lastStep: number;
}

export interface LockRecord {
  /** A new random id for every lock set: an unlock session of an earlier lock unlocks nothing. */
  lockId: string;
  pin: PinRecord;
  /** When set, unlocking needs a current authenticator code (the PIN alone no longer does). */
  totp: TotpEnrolment | null;
  /** A secret shown to the parent and not yet confirmed with a code from the app. */
  pendingTotp: { secret: string; at: number } | null;
  failures: Failures;
  reset: { requestedAt: number; effectiveAt: number } | null;
  unlockMinutes: number;
  resetWaitHours: number;
}

/** The unlock session (storage.session: it ends when the browser closes). */
export interface UnlockSession {
  lockId: string;
  /** When the unlock was given: a duration shortened meanwhile ends it sooner. */
  since: number;
  until: number;
}

export type LockState =
  | { kind: 'none' }
  | { kind: 'locked' }
  | { kind: 'unlocked'; until: number }
  | { kind: 'reset-pending'; effectiveAt: number };

export function newLock(lockId: string, pin: PinRecord, previous?: Pick<LockRecord, 'unlockMinutes' | 'resetWaitHours'>): LockRecord {
  return {
    lockId, pin, totp: null, pendingTotp: null, failures: NO_FAILURES, reset: null,
    unlockMinutes: previous?.unlockMinutes ?? DEFAULT_UNLOCK_MINUTES, resetWaitHours: previous?.resetWaitHours ?? DEFAULT_RESET_WAIT_HOURS,
  };
}

/** Whether the waiting period of a requested reset is over: the worker then removes the lock (resetDone). */
export const resetDue = (record: LockRecord | null, now: number): boolean => record?.reset != null && now >= record.reset.effectiveAt;

export function lockState(record: LockRecord | null, session: UnlockSession | null, now: number): LockState {
  if (!record || resetDue(record, now)) return { kind: 'none' };
  if (record.reset) return { kind: 'reset-pending', effectiveAt: record.reset.effectiveAt };
  // An unlock never lasts longer than the duration set now (a session given before it was shortened ends sooner).
  const until = session && session.lockId === record.lockId ? Math.min(session.until, session.since + record.unlockMinutes * 60_000) : 0;
  if (now < until) return { kind: 'unlocked', until };
  return { kind: 'locked' };
}

/** Protected changes go through without asking in these states. */
export const opensTheGate = (state: LockState): boolean => state.kind === 'none' || state.kind === 'unlocked';

/** When the next PIN or code will be looked at; null when at once. */
export function retryAt(record: LockRecord, now: number): number | null {
  const at = nextTryAt(record.failures);
  return at > now ? at : null;
}

/** A try is charged before the slow hash is checked (so tries sent at once all count), and refunded when right. */
export const chargeTry = (record: LockRecord, now: number): LockRecord => ({ ...record, failures: afterFailure(record.failures, now) });

/** A right PIN or code: the count starts again, and a pending reset is cancelled (whoever knows the PIN needs none). */
export function rightAnswer(record: LockRecord, totpStep?: number): LockRecord {
  const totp = record.totp && totpStep !== undefined ? { ...record.totp, lastStep: totpStep } : record.totp;
  return { ...record, failures: NO_FAILURES, reset: null, totp };
}

export function requestReset(record: LockRecord, now: number): LockRecord {
  if (record.reset) return record; // asking again does not restart the wait
  return { ...record, reset: { requestedAt: now, effectiveAt: now + record.resetWaitHours * 3_600_000 } };
}

export const cancelReset = (record: LockRecord): LockRecord => ({ ...record, reset: null });

export function newSession(record: LockRecord, now: number): UnlockSession {
  return { lockId: record.lockId, since: now, until: now + record.unlockMinutes * 60_000 };
}
