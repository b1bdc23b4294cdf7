/**
 * The parental lock's messages. Which of them need an unlock first is the gate's business (lock/gate.ts); here, each
 * does its change and logs it. A PIN is hashed outside any transaction (600,000 PBKDF2 rounds take a moment); a try
 * is charged to the backoff before it is checked and refunded when right, so tries sent at once all count.
 */
import { retryAt, chargeTry, newLock, newSession, requestReset, rightAnswer, cancelReset, type LockRecord } from '../../core/lock/state';
import { hashPin, pinProblem, verifyPin } from '../../core/lock/pin-hash';
import { acceptedStep, newTotpSecret, otpauthUri } from '../../core/lock/totp';
import type { LockStatus } from '../../platform/protocol';
import { MANAGED_REASON } from '../managed/policy';
import { RefusedError, type Handlers } from '../router';
import type { LockStore } from '../lock/store';

type LockHandlers = Pick<Handlers, 'lockStatus' | 'setPin' | 'changePin' | 'removeLock' | 'unlock' | 'lockNow' | 'totpBegin' | 'totpConfirm' | 'totpRemove' | 'resetRequest' | 'resetCancel' | 'lockSettings'>;

const PIN_WORDS: Record<string, string> = {
  lockPinTooShort: 'a PIN needs at least 6 characters',
  lockPinTooLong: 'a PIN may have at most 64 characters',
};

function checkedPin(pin: string): string {
  const problem = pinProblem(pin);
  if (problem) throw new RefusedError(PIN_WORDS[problem]!);
  return pin;
}

const NO_LOCK = 'no parental lock is set';

export function lockHandlers(store: LockStore): LockHandlers {
  async function status(): Promise<LockStatus> {
    const { record, state } = await store.state();
    return {
      state,
      method: record ? (record.totp ? 'totp' : 'pin') : null,
      retryAt: record ? retryAt(record, store.now) : null,
      unlockMinutes: record?.unlockMinutes ?? 5,
      resetWaitHours: record?.resetWaitHours ?? 48,
      now: store.now,
    };
  }
  /** Changes an existing lock (refused when there is none), then answers the new status. */
  async function change(apply: (record: LockRecord) => LockRecord): Promise<LockRecord> {
    return store.update((record) => {
      if (!record) throw new RefusedError(NO_LOCK);
      const next = apply(record);
      return { record: next, result: next };
    });
  }

  /** The administrator's lock (policy) is changed by policy only. */
  async function notManaged(): Promise<void> {
    if (await store.managed()) throw new RefusedError(`the lock is ${MANAGED_REASON}: only the policy can change it`);
  }

  return {
    lockStatus: status,
    setPin: async ({ pin }) => {
      await notManaged();
      const hashed = await hashPin(checkedPin(pin));
      const record = await store.update((current) => {
        if (current) throw new RefusedError('a lock is already set: change its PIN instead');
        const next = newLock(crypto.randomUUID(), hashed);
        return { record: next, result: next };
      });
      // Whoever just set the PIN goes on setting things up without typing it again at once.
      await store.startSession(newSession(record, store.now));
      await store.log('lock-set', { method: 'pin' });
      return status();
    },
    changePin: async ({ pin }) => {
      await notManaged();
      const hashed = await hashPin(checkedPin(pin));
      await change((record) => ({ ...record, pin: hashed }));
      await store.log('lock-changed', { what: 'pin' });
      return status();
    },
    removeLock: async () => {
      await notManaged();
      await store.update((record) => {
        if (!record) throw new RefusedError(NO_LOCK);
        return { record: null, result: null };
      });
      await store.endSession();
      await store.log('lock-removed');
      return status();
    },
    unlock: async ({ pin, code }) => {
      const now = store.now;
      const held = await store.read();
      if (!held) throw new RefusedError(NO_LOCK);
      // The wrong kind of answer is not a wrong answer: it is refused without counting.
      if (held.totp && code === null) throw new RefusedError('this lock is approved with the authenticator app: type its current 6-digit code');
      if (!held.totp && pin === null) throw new RefusedError('type the PIN');
      // Charge the try first, in one transaction with the check of the wait.
      const charged = await store.update((record) => {
        if (!record) throw new RefusedError(NO_LOCK);
        if (retryAt(record, now) !== null) return { record, result: { record, waiting: true } };
        return { record: chargeTry(record, now), result: { record, waiting: false } };
      });
      if (charged.waiting) return { unlocked: false, refused: 'wait' as const, status: await status() };
      const { record } = charged;
      let step: number | undefined;
      let right: boolean;
      if (record.totp) {
        const accepted = await acceptedStep(record.totp.secret, (code ?? '').trim(), now, record.totp.lastStep);
        right = accepted !== null;
        if (accepted !== null) step = accepted;
      } else {
        right = await verifyPin(pin ?? '', record.pin);
      }
      if (!right) {
        const failures = (await store.read())?.failures.count ?? 0;
        await store.log('pin-failed', { method: record.totp ? 'totp' : 'pin', failures });
        return { unlocked: false, refused: 'wrong' as const, status: await status() };
      }
      const outcome = await store.update((current) => {
        // The same code used twice at once: only the first to get here counts (the step is checked again).
        if (!current || current.lockId !== record.lockId) return { record: current, result: 'gone' as const };
        if (step !== undefined && current.totp && step <= current.totp.lastStep) return { record: current, result: 'replayed' as const };
        return { record: rightAnswer(current, step), result: current.reset ? ('cancelled-reset' as const) : ('ok' as const) };
      });
      if (outcome === 'gone') throw new RefusedError(NO_LOCK);
      if (outcome === 'replayed') return { unlocked: false, refused: 'wrong' as const, status: await status() };
      const unlocked = (await store.read())!;
      await store.startSession(newSession(unlocked, store.now));
      if (outcome === 'cancelled-reset') await store.log('lock-reset-cancelled', { by: 'unlock' });
      await store.log('unlocked', { method: record.totp ? 'totp' : 'pin' });
      return { unlocked: true, refused: null, status: await status() };
    },
    lockNow: async () => {
      await store.endSession();
      return status();
    },
    totpBegin: async () => {
      await notManaged();
      const secret = newTotpSecret();
      await change((record) => ({ ...record, pendingTotp: { secret, at: store.now } }));
      return { secret, uri: otpauthUri(secret, 'Parental lock') };
    },
    totpConfirm: async ({ code }) => {
      await notManaged();
      const record = await store.read();
      if (!record) throw new RefusedError(NO_LOCK);
      if (!record.pendingTotp) throw new RefusedError('start setting up the authenticator app first');
      const step = await acceptedStep(record.pendingTotp.secret, code.trim(), store.now, -1);
      if (step === null) throw new RefusedError('that code does not match: check that the phone shows the time right, and type the code it shows now');
      const secret = record.pendingTotp.secret;
      await change((current) => ({ ...current, totp: { secret, lastStep: step }, pendingTotp: null }));
      await store.log('lock-changed', { what: 'totp-added' });
      return status();
    },
    totpRemove: async () => {
      await change((record) => ({ ...record, totp: null, pendingTotp: null }));
      await store.log('lock-changed', { what: 'totp-removed' });
      return status();
    },
    resetRequest: async () => {
      await notManaged();
      const before = await store.read();
      const record = await change((current) => requestReset(current, store.now));
      // Nobody is unlocked while a reset waits (lockState): the session goes now, so it cannot outlive the request.
      await store.endSession();
      if (!before?.reset && record.reset) await store.log('lock-reset-requested', { effectiveAt: record.reset.effectiveAt });
      return status();
    },
    resetCancel: async () => {
      const before = await store.read();
      await change(cancelReset);
      if (before?.reset) await store.log('lock-reset-cancelled', { by: 'cancel' });
      return status();
    },
    lockSettings: async ({ unlockMinutes, resetWaitHours }) => {
      await change((record) => ({ ...record, unlockMinutes, resetWaitHours }));
      await store.log('lock-changed', { what: 'settings', unlockMinutes, resetWaitHours });
      return status();
    },
  };
}
