/**
 * Where the lock lives, and the one reader of it. The record (PIN hash, authenticator secret, failure count, pending
 * reset) is a row of the extension's IndexedDB, which content scripts cannot open (they run in tiktok.com's origin),
 * unlike storage.local. The unlock session is in storage.session: it ends when the browser closes, and content scripts
 * can read it in neither browser unless the extension widens its access level (it does not).
 *
 * Every read applies a reset whose waiting period is over, so the lock is gone exactly when it should be, whether the
 * reset's alarm fired, the worker just started, or (test builds) the clock was moved.
 */
import type { PinRecord } from '../../core/lock/pin-hash';
import { lockState, newLock, resetDue, type LockRecord, type LockState, type UnlockSession } from '../../core/lock/state';
import type { ActivityEventKind, ActivityEvent, CoinsightDb, LockRow } from '../../platform/db';
import { logActivity } from '../activity/log';
import type { EdgeAlarms } from '../limits/guard';
import type { LimitClock } from '../limits/rules';

export const LOCK_SESSION_KEY = 'lockSession';
export const LOCK_RESET_ALARM = 'lock-reset';

/** The slice of browser.storage.session the unlock session needs (a fake in unit tests). */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface LockStoreParts {
  db: CoinsightDb;
  session: SessionArea;
  clock: Pick<LimitClock, 'now'>;
  alarms?: EdgeAlarms;
  /** The PIN an administrator set by policy (background/managed/policy.ts), or null: it then is the lock (see read). */
  managedPin?: () => Promise<PinRecord | null>;
}

/**
 * The lock an administrator's PIN makes: that PIN unlocks, whatever was set here; this browser's row keeps only what
 * is this browser's (the failure count, the unlock duration). No authenticator and no reset: the PIN is the policy's
 * to change. Its id follows the PIN, so an unlock of an earlier PIN unlocks nothing.
 */
function managedLock(pin: PinRecord, local: LockRecord | null): LockRecord {
  const lockId = `managed:${pin.salt}`;
  const base = local ?? newLock(lockId, pin);
  return { ...base, lockId, pin, totp: null, pendingTotp: null, reset: null, failures: local?.lockId === lockId ? base.failures : newLock(lockId, pin).failures };
}

export class LockStore {
  constructor(private readonly parts: LockStoreParts) {}

  get now(): number {
    return this.parts.clock.now();
  }

  log(kind: ActivityEventKind, detail: ActivityEvent['detail'] = {}): Promise<void> {
    // The log never holds up or undoes a change of the lock (activity/log.ts); a failure to log is said in the console.
    return logActivity(this.parts.db, kind, this.now, detail).then(() => undefined, (error: unknown) => console.warn('Coinsight: could not log', kind, error));
  }

  /** Whether the lock is the administrator's (set by policy): nothing about it can be changed here. */
  async managed(): Promise<boolean> {
    return (await this.parts.managedPin?.()) != null;
  }

  /** The lock, or null when none is set (a reset whose wait is over is applied first; an administrator's PIN wins). */
  async read(): Promise<LockRecord | null> {
    const managedPin = (await this.parts.managedPin?.()) ?? null;
    const row = await this.parts.db.lock.get('lock');
    if (managedPin) return managedLock(managedPin, row ? (({ id: _id, ...rest }) => rest)(row) : null);
    if (!row) return null;
    if (resetDue(row, this.now)) return this.completeReset();
    const { id: _id, ...record } = row;
    return record;
  }

  async session(): Promise<UnlockSession | null> {
    const stored = (await this.parts.session.get(LOCK_SESSION_KEY))[LOCK_SESSION_KEY] as Partial<UnlockSession> | undefined;
    const { lockId, since, until } = stored ?? {};
    return typeof lockId === 'string' && typeof since === 'number' && typeof until === 'number' ? { lockId, since, until } : null;
  }

  async state(): Promise<{ record: LockRecord | null; state: LockState }> {
    const [record, session] = await Promise.all([this.read(), this.session()]);
    return { record, state: lockState(record, session, this.now) };
  }

  /**
   * Reads, changes and writes the record in one transaction, so two changes at once never lose one (the failure count
   * above all). `change` is synchronous: nothing slow (a hash) may run inside an IndexedDB transaction.
   */
  async update<T>(change: (record: LockRecord | null) => { record: LockRecord | null; result: T }): Promise<T> {
    const { db } = this.parts;
    const managedPin = (await this.parts.managedPin?.()) ?? null;
    const outcome = await db.transaction('rw', db.lock, async () => {
      const row = await db.lock.get('lock');
      const local = row ? (({ id: _id, ...rest }) => rest)(row) : null;
      const current = managedPin ? managedLock(managedPin, local) : local && !resetDue(local, this.now) ? local : null;
      const next = change(current);
      if (next.record) await db.lock.put({ ...next.record, id: 'lock' } satisfies LockRow);
      else if (row) await db.lock.delete('lock');
      return next;
    });
    await this.assertResetAlarm(outcome.record);
    return outcome.result;
  }

  startSession(session: UnlockSession): Promise<void> {
    return this.parts.session.set({ [LOCK_SESSION_KEY]: session });
  }

  endSession(): Promise<void> {
    return this.parts.session.remove(LOCK_SESSION_KEY);
  }

  /** At start-up and when the reset alarm fires: applies a due reset, and keeps the alarm of a pending one set. */
  async reassert(): Promise<void> {
    await this.assertResetAlarm(await this.read());
  }

  /** The alarm fires at the end of the waiting period in this clock's terms (a moved test clock moves it too). */
  private async assertResetAlarm(record: LockRecord | null): Promise<void> {
    const { alarms } = this.parts;
    if (!alarms) return;
    if (record?.reset) await alarms.create(LOCK_RESET_ALARM, { when: Date.now() + Math.max(0, record.reset.effectiveAt - this.now) });
    else await alarms.clear(LOCK_RESET_ALARM);
  }

  /** The waiting period is over: the lock (and only the lock: not the ledger, not the limits) goes. */
  private async completeReset(): Promise<null> {
    const { db } = this.parts;
    const removed = await db.transaction('rw', db.lock, async () => {
      const row = await db.lock.get('lock');
      if (!row || !resetDue(row, this.now)) return null;
      await db.lock.delete('lock');
      return row;
    });
    if (removed?.reset) {
      await this.endSession();
      await this.log('lock-reset-done', { requestedAt: removed.reset.requestedAt });
    }
    await this.assertResetAlarm(null);
    return null;
  }
}
