import { describe, expect, test } from 'vitest';
import { FIRST_DELAY_MS } from './backoff';
import type { PinRecord } from './pin-hash';
import { cancelReset, chargeTry, lockState, newLock, newSession, opensTheGate, requestReset, resetDue, retryAt, rightAnswer } from './state';

const PIN: PinRecord = { v: 1, kdf: 'PBKDF2-SHA-256', iterations: 600_000, salt: 'c2FsdA==', hash: 'aGFzaA==' };
const T0 = Date.UTC(2026, 11, 2, 12);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('lock state machine', () => {
  test('no lock → locked → unlocked for the set duration → locked again', () => {
    expect(lockState(null, null, T0)).toEqual({ kind: 'none' });
    const lock = newLock('lock-1', PIN);
    expect(lock.unlockMinutes).toBe(5);
    expect(lockState(lock, null, T0)).toEqual({ kind: 'locked' });
    const session = newSession(lock, T0);
    expect(lockState(lock, session, T0 + MIN)).toEqual({ kind: 'unlocked', until: T0 + 5 * MIN });
    expect(lockState(lock, session, T0 + 5 * MIN)).toEqual({ kind: 'locked' });
    expect(opensTheGate({ kind: 'none' })).toBe(true);
    expect(opensTheGate({ kind: 'unlocked', until: 1 })).toBe(true);
    expect(opensTheGate({ kind: 'locked' })).toBe(false);
    expect(opensTheGate({ kind: 'reset-pending', effectiveAt: 1 })).toBe(false);
  });

  test('a session of an earlier lock unlocks nothing; a shortened duration shortens a running session', () => {
    const first = newLock('lock-1', PIN);
    const session = newSession(first, T0);
    expect(lockState(newLock('lock-2', PIN), session, T0 + MIN)).toEqual({ kind: 'locked' });
    const shorter = { ...first, unlockMinutes: 1 };
    expect(lockState(shorter, session, T0 + 30_000)).toEqual({ kind: 'unlocked', until: T0 + 60_000 });
    expect(lockState(shorter, session, T0 + 60_000)).toEqual({ kind: 'locked' });
  });

  test('a reset waits its period (48 h by default), stays locked meanwhile, then the lock is gone', () => {
    const lock = requestReset(newLock('lock-1', PIN), T0);
    expect(lock.reset).toEqual({ requestedAt: T0, effectiveAt: T0 + 48 * HOUR });
    expect(lockState(lock, null, T0 + 47 * HOUR)).toEqual({ kind: 'reset-pending', effectiveAt: T0 + 48 * HOUR });
    // Pending, an earlier unlock session does not open the gate either.
    expect(opensTheGate(lockState(lock, newSession(lock, T0), T0 + MIN))).toBe(false);
    expect(resetDue(lock, T0 + 48 * HOUR - 1)).toBe(false);
    expect(resetDue(lock, T0 + 48 * HOUR)).toBe(true);
    expect(lockState(lock, null, T0 + 48 * HOUR)).toEqual({ kind: 'none' });
    // Asking again does not restart the wait.
    expect(requestReset(lock, T0 + HOUR).reset?.effectiveAt).toBe(T0 + 48 * HOUR);
  });

  test('a right answer cancels a pending reset and clears the failures; cancel does too', () => {
    const pending = requestReset(chargeTry(newLock('lock-1', PIN), T0), T0);
    expect(rightAnswer(pending)).toMatchObject({ reset: null, failures: { count: 0 } });
    expect(cancelReset(pending).reset).toBeNull();
  });

  test('wrong tries are charged and make the next one wait; a TOTP answer stores its step', () => {
    let lock = newLock('lock-1', PIN);
    for (let i = 0; i < 4; i++) lock = chargeTry(lock, T0);
    expect(retryAt(lock, T0)).toBe(T0 + FIRST_DELAY_MS);
    expect(retryAt(lock, T0 + FIRST_DELAY_MS)).toBeNull();
    const enrolled = { ...lock, totp: { secret: 'JBSWY3DPEHPK3PXP', lastStep: -1 } };
    expect(rightAnswer(enrolled, 1234).totp).toEqual({ secret: 'JBSWY3DPEHPK3PXP', lastStep: 1234 });
  });
});
